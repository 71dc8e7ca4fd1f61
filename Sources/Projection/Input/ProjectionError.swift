import Tensors

/// An error in the data or options given to a projection (PCA, t-SNE, kNN, k-means).
///
/// Every case is something the user can cause, so it conforms to `UserInputError` and prints as one line.
public enum ProjectionError: Error, Equatable, Sendable, UserInputError {
    /// The matrix has no rows or no columns.
    case empty(rows: Int, cols: Int)
    /// The flat buffer does not hold `rows × cols` values.
    case shapeMismatch(count: Int, rows: Int, cols: Int)
    /// A value is NaN or infinite.
    case nonFinite(row: Int, col: Int)
    /// An option is out of its valid range.
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case let .empty(rows, cols):
            return "the input matrix is empty (\(rows)×\(cols)); it needs at least one row and one column"
        case let .shapeMismatch(count, rows, cols):
            return "the input holds \(count) values, not \(rows)×\(cols)"
        case let .nonFinite(row, col):
            return "the input has a NaN or infinite value at row \(row), column \(col)"
        case let .invalidOption(name, reason):
            return "invalid \(name): \(reason)"
        }
    }
}

// MARK: - Input checks

enum InputCheck {
    /// Checks that `x` is a non-empty, finite, row-major `rows × cols` matrix.
    static func matrix(_ x: [Float], rows: Int, cols: Int) throws(ProjectionError) {
        try x.withUnsafeBufferPointer { (b) throws(ProjectionError) in try matrix(b, rows: rows, cols: cols) }
    }

    /// Checks that `x` is a non-empty, finite, row-major `rows × cols` matrix (scanned on `threads` threads).
    static func matrix(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, threads: Int = 1) throws(ProjectionError) {
        guard rows > 0, cols > 0 else { throw .empty(rows: rows, cols: cols) }
        guard x.count == rows * cols else { throw .shapeMismatch(count: x.count, rows: rows, cols: cols) }
        if let bad = FiniteCheck.firstNonFinite(x, threads: threads) { throw .nonFinite(row: bad / cols, col: bad % cols) }
    }
}
