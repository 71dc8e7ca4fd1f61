import Foundation
import Tensors

/// The file format of one analysis cache entry: named arrays stored raw, with the entry's key and a checksum.
///
/// ```
/// "LATCACHE" · format (UInt32 LE) · header length (UInt32 LE) · checksum (32 hex digits) · header · payload
/// header (JSON): {"key": "...", "arrays": [{"name": "codes", "dtype": "float32", "shape": [N, d],
///                                          "offset": 0, "length": 4·N·d}, ...]}
/// checksum: the ContentHash of the header and then the payload
/// ```
/// Arrays are little-endian and copied in and out with `memcpy`, and the checksum is the only pass over the
/// payload, so reading an entry costs little more than reading the file. Anything that does not decode exactly
/// (wrong magic or format, a checksum or key that differs, an array out of bounds) is no entry.
enum CacheEntry {
    static let magic = Array("LATCACHE".utf8)
    static let format: UInt32 = 1
    /// Bytes before the header: magic, format, header length, checksum.
    static let prefixLength = magic.count + 8 + 32

    /// The bytes of an entry holding `arrays` under `key`.
    static func encode(key: String, arrays: [String: Tensor]) throws -> Data {
        var payload = Data()
        var described: [[String: Any]] = []
        for name in arrays.keys.sorted() {
            let tensor = arrays[name]!
            guard tensor.dtype != .bool else { throw TensorIOError(file: name, reason: "booleans are not cached") }
            let offset = payload.count
            append(tensor.storage, to: &payload)
            described.append(["name": name, "dtype": tensor.dtype.rawValue, "shape": tensor.shape, "offset": offset,
                              "length": payload.count - offset])
        }
        let header = try JSONSerialization.data(withJSONObject: ["key": key, "arrays": described], options: [.sortedKeys])
        var data = Data(magic)
        withUnsafeBytes(of: format.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: checksum(header, payload).utf8)
        data.append(header)
        data.append(payload)
        return data
    }

    /// The arrays of an entry, or nil unless it is a whole, unaltered entry stored under `key`.
    static func decode(_ data: Data, key: String) -> [String: Tensor]? {
        guard data.count >= prefixLength, data.prefix(magic.count).elementsEqual(magic) else { return nil }
        let (version, headerLength) = data.withUnsafeBytes { raw in
            (UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self)),
             Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: magic.count + 4, as: UInt32.self))))
        }
        guard version == format, headerLength <= data.count - prefixLength else { return nil }
        let start = data.startIndex + prefixLength
        let stored = data[(start - 32)..<start]
        let header = data[start..<(start + headerLength)]
        let payload = data[(start + headerLength)...]
        guard stored.elementsEqual(checksum(header, payload).utf8),
              let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any],
              object["key"] as? String == key, let described = object["arrays"] as? [[String: Any]] else { return nil }

        var arrays: [String: Tensor] = [:]
        for item in described {
            guard let name = item["name"] as? String, let dtype = (item["dtype"] as? String).flatMap(DType.init(rawValue:)),
                  let shape = item["shape"] as? [Int], let offset = item["offset"] as? Int, let length = item["length"] as? Int,
                  let count = Tensor.elementCount(shape), count * dtype.byteSize == length,
                  offset >= 0, length >= 0, offset <= payload.count - length,
                  let tensor = tensor(dtype, shape: shape, count: count,
                                      bytes: payload[(payload.startIndex + offset)..<(payload.startIndex + offset + length)])
            else { return nil }
            arrays[name] = tensor
        }
        return arrays
    }

    private static func checksum(_ header: Data, _ payload: Data) -> String {
        var hash = ContentHash()
        hash.update(header)
        hash.update(payload)
        return hash.hex
    }

    // MARK: - Raw arrays

    private static func append(_ storage: TensorStorage, to data: inout Data) {
        switch storage {
        case .float32(let a): a.withUnsafeBytes { data.append(contentsOf: $0) }
        case .float64(let a): a.withUnsafeBytes { data.append(contentsOf: $0) }
        case .int64(let a): a.withUnsafeBytes { data.append(contentsOf: $0) }
        case .int32(let a): a.withUnsafeBytes { data.append(contentsOf: $0) }
        case .uint8(let a): data.append(contentsOf: a)
        case .bool: break
        }
    }

    private static func tensor(_ dtype: DType, shape: [Int], count: Int, bytes: Data) -> Tensor? {
        switch dtype {
        case .float32: return try? Tensor(shape: shape, floats: copy(bytes, count))
        case .float64: return try? Tensor(shape: shape, doubles: copy(bytes, count))
        case .int64: return try? Tensor(shape: shape, int64s: copy(bytes, count))
        case .int32: return try? Tensor(shape: shape, int32s: copy(bytes, count))
        case .uint8: return try? Tensor(shape: shape, bytes: Array(bytes))
        case .bool: return nil
        }
    }

    /// `count` values of `T` copied out of `bytes` (which holds exactly that many; the platform is little-endian,
    /// as every platform Swift runs on).
    private static func copy<T>(_ bytes: Data, _ count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress, count > 0 {
                    UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: base, byteCount: count * MemoryLayout<T>.stride)
                }
            }
            initialized = count
        }
    }
}
