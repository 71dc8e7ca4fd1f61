import Foundation
import ONNXProto
import Tensors

/// Converts `TensorProto` messages (initializers, attribute tensors) into tensors.
enum TensorDecoding {
    /// Why a tensor could not be decoded; the loader adds the file name.
    enum Failure: Error {
        case invalid(String)
        case external(location: String)
        case elementType(ElementType)
    }

    /// Decodes one tensor, refusing external data and element types tensors cannot hold.
    static func decode(_ proto: Onnx_TensorProto) throws(Failure) -> Tensor {
        if proto.dataLocation == .external || !proto.externalData.isEmpty {
            let location = proto.externalData.first(where: { $0.key == "location" })?.value ?? "?"
            throw .external(location: location)
        }
        if proto.hasSegment { throw .invalid("tensor '\(proto.name)' is split into segments, which is not supported") }
        let shape = proto.dims.map { Int(clamping: $0) }
        guard let count = Tensor.elementCount(shape) else {
            throw .invalid("tensor '\(proto.name)' has an invalid shape \(proto.dims)")
        }
        let type = ElementType(code: Int(proto.dataType))
        guard let dtype = type.dtype else { throw .elementType(type) }
        let storage: TensorStorage
        if proto.hasRawData {
            storage = try decodeRaw(proto.rawData, dtype: dtype, count: count, name: proto.name)
        } else {
            storage = try decodeTyped(proto, dtype: dtype, count: count)
        }
        do {
            return try Tensor(shape: shape, storage: storage)
        } catch {
            throw .invalid("tensor '\(proto.name)': \(error)")
        }
    }

    // MARK: - Raw little-endian bytes

    private static func decodeRaw(_ data: Data, dtype: DType, count: Int, name: String) throws(Failure) -> TensorStorage {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, data.count == bytes else {
            throw .invalid("tensor '\(name)' holds \(data.count) bytes of data but its shape needs \(count) × \(dtype.byteSize)")
        }
        return data.withUnsafeBytes { raw -> TensorStorage in
            func load<T>(_: T.Type) -> [T] {
                [T](unsafeUninitializedCapacity: count) { buf, n in
                    if count > 0 { memcpy(buf.baseAddress!, raw.baseAddress!, count * MemoryLayout<T>.size) }
                    n = count
                }
            }
            switch dtype {
            case .float32: return .float32(load(Float.self))
            case .float64: return .float64(load(Double.self))
            case .int64: return .int64(load(Int64.self))
            case .int32: return .int32(load(Int32.self))
            case .uint8: return .uint8(load(UInt8.self))
            case .bool: return .bool(raw.map { $0 != 0 })
            }
        }
    }

    // MARK: - Typed repeated fields

    private static func decodeTyped(_ p: Onnx_TensorProto, dtype: DType, count: Int) throws(Failure) -> TensorStorage {
        func check(_ n: Int, _ field: String) throws(Failure) {
            guard n == count else {
                throw .invalid("tensor '\(p.name)' has \(n) values in \(field) but its shape \(p.dims) needs \(count)")
            }
        }
        switch dtype {
        case .float32:
            try check(p.floatData.count, "float_data")
            return .float32(p.floatData)
        case .float64:
            try check(p.doubleData.count, "double_data")
            return .float64(p.doubleData)
        case .int64:
            try check(p.int64Data.count, "int64_data")
            return .int64(p.int64Data)
        case .int32:
            try check(p.int32Data.count, "int32_data")
            return .int32(p.int32Data)
        case .uint8:
            try check(p.int32Data.count, "int32_data")
            return .uint8(p.int32Data.map { UInt8(truncatingIfNeeded: $0) })
        case .bool:
            try check(p.int32Data.count, "int32_data")
            return .bool(p.int32Data.map { $0 != 0 })
        }
    }
}
