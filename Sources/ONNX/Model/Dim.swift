/// One dimension of a tensor shape as the model declares or inference derives it.
///
/// A dimension is a number, a named symbol shared by every value that has the same extent (the batch size `N`
/// of an exported model, say), or unknown.
public enum Dim: Sendable, Hashable, CustomStringConvertible {
    case known(Int)
    case symbol(String)
    case unknown

    /// The extent when it is a number.
    public var value: Int? { if case .known(let v) = self { return v } else { return nil } }

    public var description: String {
        switch self {
        case .known(let v): return String(v)
        case .symbol(let s): return s
        case .unknown: return "?"
        }
    }

    /// A shape written `[N, 784]`.
    public static func describe(_ shape: [Dim]?) -> String {
        guard let shape else { return "[?…]" }
        return "[" + shape.map(\.description).joined(separator: ", ") + "]"
    }

    /// Whether a concrete extent can stand for this dimension.
    func admits(_ extent: Int) -> Bool {
        if case .known(let v) = self { return v == extent }
        return true
    }
}

// MARK: - Arithmetic on dimensions

extension Dim {
    static func + (a: Dim, b: Dim) -> Dim {
        switch (a, b) {
        case (.known(let x), .known(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            return overflow ? .unknown : .known(sum)
        case (_, .known(0)): return a
        case (.known(0), _): return b
        default: return .unknown
        }
    }

    static func * (a: Dim, b: Dim) -> Dim {
        switch (a, b) {
        case (.known(let x), .known(let y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            return overflow ? .unknown : .known(product)
        case (_, .known(1)): return a
        case (.known(1), _): return b
        case (.known(0), _), (_, .known(0)): return .known(0)
        default: return .unknown
        }
    }

    /// The product of several dimensions.
    static func product<S: Sequence>(_ dims: S) -> Dim where S.Element == Dim {
        dims.reduce(.known(1), *)
    }

    /// Shapes as dims from concrete extents.
    static func shape(_ extents: [Int]) -> [Dim] { extents.map { .known($0) } }

    /// Concrete extents when every dimension is known.
    static func concrete(_ dims: [Dim]?) -> [Int]? {
        guard let dims else { return nil }
        var out: [Int] = []
        out.reserveCapacity(dims.count)
        for d in dims { guard let v = d.value else { return nil }; out.append(v) }
        return out
    }
}
