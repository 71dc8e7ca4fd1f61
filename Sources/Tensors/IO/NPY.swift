import Foundation

/// Reading and writing numpy's `.npy` format (versions 1, 2 and 3).
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// Reads an `.npy` file.
    public static func read(_ url: URL) throws(TensorIOError) -> Tensor {
        try decode(readFile(url), file: url.path)
    }

    /// Writes an `.npy` file atomically.
    public static func write(_ tensor: Tensor, to url: URL) throws(TensorIOError) {
        try writeFile(encode(tensor), to: url)
    }

    /// Decodes the bytes of an `.npy` file; `file` names the source in errors.
    public static func decode(_ data: Data, file: String) throws(TensorIOError) -> Tensor {
        // Read in place: a 70,000×784 float32 file is 220 MB, and every copy of it costs page faults as well.
        let result: Result<Tensor, TensorIOError> = data.withUnsafeBytes { bytes in
            do throws(TensorIOError) { return .success(try decode(bytes, file: file)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes the bytes of an `.npy` file in memory (see `decode(_:file:)`).
    static func decode(_ bytes: UnsafeRawBufferPointer, file: String) throws(TensorIOError) -> Tensor {
        let layout = try Layout(bytes, file: file)
        var storage = decodeElements(UnsafeRawBufferPointer(rebasing: bytes[layout.dataStart...]),
                                     dtype: layout.header.dtype, count: layout.count,
                                     bigEndian: layout.header.bigEndian)
        if layout.header.fortranOrder && layout.header.shape.count > 1 {
            storage = fortranToRowMajor(storage, shape: layout.header.shape)
        }
        return Tensor(uncheckedShape: layout.header.shape, storage: storage)
    }

    /// Where an `.npy` file's elements are and how they are stored: its header, checked against the file's size.
    struct Layout {
        var header: NPYHeader
        /// The byte offset of the first element.
        var dataStart: Int
        /// The number of elements.
        var count: Int

        init(_ bytes: UnsafeRawBufferPointer, file: String) throws(TensorIOError) {
            func fail(_ why: String) -> TensorIOError { TensorIOError(file: file, reason: why) }
            guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
                throw fail(bytes.isEmpty ? "empty file, expected a numpy .npy array" : "not a numpy .npy file (wrong magic bytes)")
            }
            let major = bytes[6]
            let headerLength: Int
            let headerStart: Int
            switch major {
            case 1:
                headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
                headerStart = 10
            case 2, 3:
                guard bytes.count >= 12 else { throw fail("truncated NPY header") }
                headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
                headerStart = 12
            default:
                throw fail("unsupported NPY format version \(major).\(bytes[7])")
            }
            guard headerStart + headerLength <= bytes.count else {
                throw fail("truncated NPY header (needs \(headerLength) bytes, file has \(bytes.count - headerStart))")
            }
            let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
            guard let text = String(bytes: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
                throw fail("NPY header is not text")
            }
            header = try NPYHeader.parse(text, file: file)
            guard let count = Tensor.elementCount(header.shape) else {
                throw fail("shape \(header.shape) has more elements than can be addressed")
            }
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: header.dtype.byteSize)
            guard !overflow else { throw fail("shape \(header.shape) is too large") }
            dataStart = headerStart + headerLength
            let available = bytes.count - dataStart
            guard available == byteCount else {
                throw fail("header says shape \(header.shape) of \(header.dtype.rawValue) (\(byteCount) bytes) but the file holds \(available) data bytes")
            }
            self.count = count
        }
    }

    /// Encodes a tensor as version 1.0 `.npy` bytes (version 2.0 when the header would not fit).
    public static func encode(_ tensor: Tensor) -> Data {
        let dict = NPYHeader.render(dtype: tensor.dtype, shape: tensor.shape)
        var version: UInt8 = 1
        var prefix = 10
        var total = prefix + dict.utf8.count + 1
        if total > 65535 + 10 {
            version = 2
            prefix = 12
            total = prefix + dict.utf8.count + 1
        }
        let padded = (total + 63) / 64 * 64
        let headerText = dict + String(repeating: " ", count: padded - total) + "\n"
        let headerLength = padded - prefix
        var out = Data(magic)
        out.append(contentsOf: [version, 0])
        if version == 1 {
            out.append(contentsOf: [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)])
        } else {
            out.append(contentsOf: (0..<4).map { UInt8((headerLength >> (8 * $0)) & 0xFF) })
        }
        out.append(contentsOf: Array(headerText.utf8))
        out.append(elementBytes(tensor.storage))
        return out
    }

    // MARK: - Elements

    /// The little-endian bytes of the storage's elements.
    static func elementBytes(_ storage: TensorStorage) -> Data {
        switch storage {
        case .float32(let a): return a.withUnsafeBytes { Data($0) }
        case .float64(let a): return a.withUnsafeBytes { Data($0) }
        case .int64(let a): return a.withUnsafeBytes { Data($0) }
        case .int32(let a): return a.withUnsafeBytes { Data($0) }
        case .uint8(let a): return Data(a)
        case .bool(let a): return Data(a.map { $0 ? 1 : 0 })
        }
    }

    static func decodeElements(_ raw: UnsafeRawBufferPointer, dtype: DType, count: Int, bigEndian: Bool) -> TensorStorage {
        func load<T: FixedWidthInteger>(_: T.Type) -> [T] {
            if !bigEndian && 1.littleEndian == 1 {
                // Fast path: the file's byte order is the machine's, copy the bytes as they are.
                return [T](unsafeUninitializedCapacity: count) { buf, initialized in
                    if count > 0 { UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(count * MemoryLayout<T>.size))) }
                    initialized = count
                }
            }
            return (0..<count).map { i in
                let v = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
                return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
            }
        }
        /// Floats in the machine's byte order are copied into their array as they are (no integer array between).
        func floats<F: BinaryFloatingPoint, Bits: FixedWidthInteger>(_: F.Type, _ bits: Bits.Type, _ make: (Bits) -> F) -> [F] {
            guard !bigEndian && 1.littleEndian == 1 else { return load(Bits.self).map(make) }
            return [F](unsafeUninitializedCapacity: count) { buf, initialized in
                if count > 0 { UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(count * MemoryLayout<F>.size))) }
                initialized = count
            }
        }
        switch dtype {
        case .float32: return .float32(floats(Float.self, UInt32.self, Float.init(bitPattern:)))
        case .float64: return .float64(floats(Double.self, UInt64.self, Double.init(bitPattern:)))
        case .int64: return .int64(load(Int64.self))
        case .int32: return .int32(load(Int32.self))
        case .uint8: return .uint8(Array(raw.prefix(count)))
        case .bool: return .bool(raw.prefix(count).map { $0 != 0 })
        }
    }

    /// Reorders column-major (Fortran) elements into row-major order.
    static func fortranToRowMajor(_ storage: TensorStorage, shape: [Int]) -> TensorStorage {
        func reorder<T>(_ a: [T]) -> [T] {
            let n = a.count
            guard n > 0 else { return a }
            var out = a
            var rowStrides = [Int](repeating: 1, count: shape.count)
            for i in stride(from: shape.count - 2, through: 0, by: -1) { rowStrides[i] = rowStrides[i + 1] * shape[i + 1] }
            // Walk the Fortran order (first index fastest) and place each element at its row-major offset.
            var index = [Int](repeating: 0, count: shape.count)
            for f in 0..<n {
                var offset = 0
                for k in 0..<shape.count { offset += index[k] * rowStrides[k] }
                out[offset] = a[f]
                var k = 0
                while k < shape.count {
                    index[k] += 1
                    if index[k] < shape[k] { break }
                    index[k] = 0
                    k += 1
                }
            }
            return out
        }
        switch storage {
        case .float32(let a): return .float32(reorder(a))
        case .float64(let a): return .float64(reorder(a))
        case .int64(let a): return .int64(reorder(a))
        case .int32(let a): return .int32(reorder(a))
        case .uint8(let a): return .uint8(reorder(a))
        case .bool(let a): return .bool(reorder(a))
        }
    }
}
