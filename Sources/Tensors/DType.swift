/// The element types a `Tensor` can hold.
public enum DType: String, Sendable, CaseIterable, Equatable {
    case float32, float64, int64, int32, uint8, bool

    /// Bytes per element in memory and on disk.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .uint8, .bool: return 1
        }
    }

    /// The numpy type string (little-endian) used in NPY headers.
    public var numpyDescr: String {
        switch self {
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .int64: return "<i8"
        case .int32: return "<i4"
        case .uint8: return "|u1"
        case .bool: return "|b1"
        }
    }
}
