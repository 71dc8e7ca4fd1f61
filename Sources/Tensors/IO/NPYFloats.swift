import Foundation

/// The elements of an `.npy` file as float32 values, read in place where the file allows it.
///
/// A file of little-endian, C-order float32 elements (what numpy writes for a float32 array) is mapped into memory
/// and its elements are used where they lie: no copy, no allocation the size of the data. Any other file is decoded
/// and converted into an array of its own.
public struct NPYFloats: @unchecked Sendable {
    /// The array's shape, as the header gives it.
    public let shape: [Int]
    /// The element type stored in the file (the values are float32 whatever it is).
    public let dtype: DType
    /// The mapped file and the byte offset of its first element, when the elements are read in place.
    private let mapping: (file: MappedFile, offset: Int)?
    /// The converted elements otherwise.
    private let converted: [Float]

    /// Reads the `.npy` file at `url`.
    ///
    /// - Throws: `TensorIOError` naming the file when it cannot be read or is not a well-formed `.npy` file.
    public init(_ url: URL) throws(TensorIOError) {
        let file = try MappedFile(url)
        let layout = try NPY.Layout(file.bytes, file: url.path)
        shape = layout.header.shape
        dtype = layout.header.dtype
        let inPlace = layout.header.dtype == .float32 && !layout.header.bigEndian && 1.littleEndian == 1
            && (!layout.header.fortranOrder || layout.header.shape.count < 2)
            && (Int(bitPattern: file.bytes.baseAddress) &+ layout.dataStart) % MemoryLayout<Float>.alignment == 0
        if inPlace {
            mapping = (file, layout.dataStart)
            converted = []
        } else {
            mapping = nil
            converted = try NPY.decode(file.bytes, file: url.path).floatValues()
        }
    }

    /// The number of elements.
    public var count: Int { mapping.map { ($0.file.bytes.count - $0.offset) / MemoryLayout<Float>.size } ?? converted.count }

    /// Whether the elements are read where they lie in the file's bytes (not a converted copy).
    public var isInPlace: Bool { mapping != nil }

    /// Calls `body` with the elements, in row-major order.
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Float>) throws(E) -> R) throws(E) -> R {
        guard let mapping else {
            return try converted.withUnsafeBufferPointer { (b) throws(E) -> R in try body(b) }
        }
        let start = (mapping.file.bytes.baseAddress! + mapping.offset).assumingMemoryBound(to: Float.self)
        return try withExtendedLifetime(mapping.file) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: start, count: count))
        }
    }

    /// The elements as an array (a copy when they are mapped).
    public func array() -> [Float] {
        mapping == nil ? converted : withUnsafeBufferPointer { Array($0) }
    }
}
