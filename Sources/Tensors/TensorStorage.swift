/// Contiguous row-major element storage, one case per `DType`.
public enum TensorStorage: Sendable, Equatable {
    case float32([Float])
    case float64([Double])
    case int64([Int64])
    case int32([Int32])
    case uint8([UInt8])
    case bool([Bool])

    public var dtype: DType {
        switch self {
        case .float32: return .float32
        case .float64: return .float64
        case .int64: return .int64
        case .int32: return .int32
        case .uint8: return .uint8
        case .bool: return .bool
        }
    }

    public var count: Int {
        switch self {
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        case .int64(let a): return a.count
        case .int32(let a): return a.count
        case .uint8(let a): return a.count
        case .bool(let a): return a.count
        }
    }

    /// Storage of `count` zeros of the given type.
    public static func zeros(_ dtype: DType, count: Int) -> TensorStorage {
        switch dtype {
        case .float32: return .float32(Array(repeating: 0, count: count))
        case .float64: return .float64(Array(repeating: 0, count: count))
        case .int64: return .int64(Array(repeating: 0, count: count))
        case .int32: return .int32(Array(repeating: 0, count: count))
        case .uint8: return .uint8(Array(repeating: 0, count: count))
        case .bool: return .bool(Array(repeating: false, count: count))
        }
    }
}
