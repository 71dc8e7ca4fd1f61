import CJPEG
import CPNG
import Foundation

/// Decodes PNG and JPEG bytes with the system's libpng and libjpeg.
///
/// PNG: palettes and grey below 8 bits are expanded, transparency chunks become alpha, 16-bit samples are scaled
/// to 8 bits (rounded). JPEG: grey stays grey, colour is converted to RGB; CMYK is refused.
public enum ImageDecoder {
    /// The most pixels one image may have (a guard against a header that claims a huge image).
    public static let maxPixels = 1 << 26

    /// Decodes an image, choosing the decoder by the bytes' signature (not the file name).
    ///
    /// - Throws: `ImageDecodingError` for bytes that are neither PNG nor JPEG, or that the decoder refuses
    ///   (truncated, corrupt, too large).
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(ImageDecodingError) -> DecodedImage {
        var storage: [UInt8] = []
        return try decode(bytes, reusing: &storage)
    }

    /// Decodes an image held in `data`.
    public static func decode(_ data: Data) throws(ImageDecodingError) -> DecodedImage {
        let result: Result<DecodedImage, ImageDecodingError> = data.withUnsafeBytes { raw in
            Result { () throws(ImageDecodingError) in try decode(raw) }
        }
        return try result.get()
    }

    /// Decodes an image into the memory of `storage` (taken, grown if needed, and handed back as the image's
    /// pixels): a caller decoding many images puts `image.pixels` back into `storage` when done with one, so the
    /// pixels of the next reuse the same allocation.
    public static func decode(_ bytes: UnsafeRawBufferPointer,
                              reusing storage: inout [UInt8]) throws(ImageDecodingError) -> DecodedImage {
        let decoder: CDecoder
        switch ImageFileFormat(signature: bytes) {
        case .png: decoder = latent_png_decode
        case .jpeg: decoder = latent_jpeg_decode
        case nil: throw ImageDecodingError("not a PNG or JPEG image")
        }
        var pixels = storage
        storage = []
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        var status: Int32 = 1
        // At most twice: the second time with room for the size the first call found.
        for _ in 0..<2 where status == 1 {
            let needed = Int(width) * Int(height) * Int(channels)
            if pixels.count < needed { pixels.append(contentsOf: repeatElement(0, count: needed - pixels.count)) }
            status = pixels.withUnsafeMutableBufferPointer { out in
                decoder(bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, maxPixels, out.baseAddress,
                        out.count, &width, &height, &channels, &message)
            }
        }
        guard status == 0, width > 0, height > 0, (1...4).contains(channels) else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImageDecodingError(reason.isEmpty ? "cannot be decoded" : reason)
        }
        // Shrinking keeps the allocation for the next image.
        pixels.removeLast(pixels.count - Int(width) * Int(height) * Int(channels))
        return DecodedImage(width: Int(width), height: Int(height), channels: Int(channels), pixels: pixels)
    }

    /// The signature both C decoders share: bytes, size, pixel limit, buffer, capacity; out: width, height,
    /// channels, message.
    private typealias CDecoder = (UnsafePointer<UInt8>?, Int, Int, UnsafeMutablePointer<UInt8>?, Int,
                                  UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?,
                                  UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<CChar>?) -> Int32
}
