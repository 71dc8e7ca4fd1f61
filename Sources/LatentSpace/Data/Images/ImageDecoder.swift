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
        switch ImageFileFormat(signature: bytes) {
        case .png: return try run(latent_png_decode, bytes)
        case .jpeg: return try run(latent_jpeg_decode, bytes)
        case nil: throw ImageDecodingError("not a PNG or JPEG image")
        }
    }

    /// Decodes an image held in `data`.
    public static func decode(_ data: Data) throws(ImageDecodingError) -> DecodedImage {
        let result: Result<DecodedImage, ImageDecodingError> = data.withUnsafeBytes { raw in
            Result { () throws(ImageDecodingError) in try decode(raw) }
        }
        return try result.get()
    }

    /// The signature both C decoders share: bytes, size, pixel limit; out: pixels, width, height, channels, message.
    private typealias CDecoder = (UnsafePointer<UInt8>?, Int, Int, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
                                  UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?,
                                  UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<CChar>?) -> Int32

    private static func run(_ decoder: CDecoder, _ bytes: UnsafeRawBufferPointer) throws(ImageDecodingError) -> DecodedImage {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = decoder(bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, maxPixels, &pixels,
                             &width, &height, &channels, &message)
        defer { free(pixels) }
        guard status == 0, let pixels, width > 0, height > 0, (1...4).contains(channels) else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImageDecodingError(reason.isEmpty ? "cannot be decoded" : reason)
        }
        let count = Int(width) * Int(height) * Int(channels)
        return DecodedImage(width: Int(width), height: Int(height), channels: Int(channels),
                            pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }
}
