/// An n-dimensional array: a shape and row-major contiguous storage of one `DType`.
///
/// A value type: copies share storage until one of them is mutated (the arrays inside are copy-on-write).
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public private(set) var storage: TensorStorage

    /// Creates a tensor; the storage must hold exactly `shape.product` elements.
    public init(shape: [Int], storage: TensorStorage) throws(TensorError) {
        guard let n = Tensor.elementCount(shape) else { throw .invalidShape(shape) }
        guard n == storage.count else { throw .sizeMismatch(shape: shape, count: storage.count) }
        self.shape = shape
        self.storage = storage
    }

    /// Internal unchecked initialiser for callers that have already validated the sizes.
    init(uncheckedShape shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    public init(shape: [Int], floats: [Float]) throws(TensorError) { try self.init(shape: shape, storage: .float32(floats)) }
    public init(shape: [Int], doubles: [Double]) throws(TensorError) { try self.init(shape: shape, storage: .float64(doubles)) }
    public init(shape: [Int], int64s: [Int64]) throws(TensorError) { try self.init(shape: shape, storage: .int64(int64s)) }
    public init(shape: [Int], int32s: [Int32]) throws(TensorError) { try self.init(shape: shape, storage: .int32(int32s)) }
    public init(shape: [Int], bytes: [UInt8]) throws(TensorError) { try self.init(shape: shape, storage: .uint8(bytes)) }
    public init(shape: [Int], bools: [Bool]) throws(TensorError) { try self.init(shape: shape, storage: .bool(bools)) }

    /// A float32 tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws(TensorError) -> Tensor {
        guard let n = elementCount(shape) else { throw .invalidShape(shape) }
        return Tensor(uncheckedShape: shape, storage: .zeros(dtype, count: n))
    }

    /// A 0-d float32 tensor.
    public static func scalar(_ value: Float) -> Tensor { Tensor(uncheckedShape: [], storage: .float32([value])) }

    public var dtype: DType { storage.dtype }
    public var rank: Int { shape.count }
    public var count: Int { storage.count }

    /// The number of elements of a shape, or nil when a dimension is negative or the product overflows.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = p
        }
        return n
    }

    /// The same elements under a new shape with the same element count.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        try Tensor(shape: newShape, storage: storage)
    }

    // MARK: - Typed access

    /// The elements when the dtype is float32, else nil.
    public var floats: [Float]? { if case .float32(let a) = storage { return a } else { return nil } }
    public var doubles: [Double]? { if case .float64(let a) = storage { return a } else { return nil } }
    public var int64s: [Int64]? { if case .int64(let a) = storage { return a } else { return nil } }
    public var int32s: [Int32]? { if case .int32(let a) = storage { return a } else { return nil } }
    public var bytes: [UInt8]? { if case .uint8(let a) = storage { return a } else { return nil } }
    public var bools: [Bool]? { if case .bool(let a) = storage { return a } else { return nil } }

    /// Every element converted to Float (booleans become 0 or 1).
    public func floatValues() -> [Float] {
        switch storage {
        case .float32(let a): return a
        case .float64(let a): return a.map { Float($0) }
        case .int64(let a): return a.map { Float($0) }
        case .int32(let a): return a.map { Float($0) }
        case .uint8(let a): return a.map { Float($0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        }
    }

    /// Every element converted to Int64 (floats truncated toward zero, non-finite values become 0).
    public func int64Values() -> [Int64] {
        switch storage {
        case .float32(let a): return a.map { $0.isFinite ? Int64(exactly: $0.rounded(.towardZero)) ?? 0 : 0 }
        case .float64(let a): return a.map { $0.isFinite ? Int64(exactly: $0.rounded(.towardZero)) ?? 0 : 0 }
        case .int64(let a): return a
        case .int32(let a): return a.map { Int64($0) }
        case .uint8(let a): return a.map { Int64($0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        }
    }

    /// This tensor converted to float32 (a no-op for float32 tensors).
    public func toFloat32() -> Tensor {
        if dtype == .float32 { return self }
        return Tensor(uncheckedShape: shape, storage: .float32(floatValues()))
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        "Tensor(\(dtype.rawValue), [\(shape.map(String.init).joined(separator: "×"))])"
    }
}
