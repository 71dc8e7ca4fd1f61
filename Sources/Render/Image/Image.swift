// MARK: - Image

/// A grey or RGB image with float pixels in [0, 1]: what the decoders produce and the image encoders take.
///
/// Pixels are row-major with interleaved channels: pixel (x, y) channel c is `pixels[(y * width + x) *
/// channels + c]`. Values outside [0, 1] are clamped when encoded, and NaN counts as 0.
public struct Image: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    public var pixels: [Float]

    /// An image from interleaved pixels; throws if the sizes are not positive, `channels` is not 1 or 3, or
    /// the pixel count does not match.
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) throws {
        guard width > 0, height > 0 else {
            throw ImageError("image size \(width)×\(height) must be positive")
        }
        guard channels == 1 || channels == 3 else {
            throw ImageError("image has \(channels) channels; only 1 (grey) or 3 (RGB) are supported")
        }
        guard width.multipliedReportingOverflow(by: height).overflow == false,
              (width * height).multipliedReportingOverflow(by: channels).overflow == false,
              pixels.count == width * height * channels else {
            throw ImageError("image of \(width)×\(height)×\(channels) needs \(width &* height &* channels) values, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image from planar channels (C×H×W, as decoders output them).
    public init(planar: [Float], channels: Int, height: Int, width: Int) throws {
        guard channels == 3 else {
            try self.init(width: width, height: height, channels: channels, pixels: planar)
            return
        }
        guard width > 0, height > 0, planar.count == 3 * width * height else {
            throw ImageError("planar image of 3×\(height)×\(width) needs \(3 &* width &* height) values, got \(planar.count)")
        }
        let plane = width * height
        var interleaved = [Float](repeating: 0, count: 3 * plane)
        for i in 0..<plane {
            interleaved[3 * i] = planar[i]
            interleaved[3 * i + 1] = planar[plane + i]
            interleaved[3 * i + 2] = planar[2 * plane + i]
        }
        try self.init(width: width, height: height, channels: 3, pixels: interleaved)
    }

    /// A uniform image of `value` in every channel.
    public init(width: Int, height: Int, channels: Int = 1, value: Float) throws {
        try self.init(width: width, height: height, channels: channels,
                      pixels: Array(repeating: value, count: max(0, width) * max(0, height) * max(0, channels)))
    }

    public var isGrey: Bool { channels == 1 }
    public var size: PixelSize { PixelSize(width: width, height: height) }

    /// The luminance of pixel (x, y) (Rec. 709 weights for RGB), unclamped.
    @inline(__always)
    public func luminance(x: Int, y: Int) -> Float {
        let i = (y * width + x) * channels
        if channels == 1 { return pixels[i] }
        return 0.2126 * pixels[i] + 0.7152 * pixels[i + 1] + 0.0722 * pixels[i + 2]
    }

    /// Hashes the size and at most `hashedPixels` pixels spread evenly over the image; equality still compares
    /// every pixel. Images key the encoded-image cache on every slider step, and hashing all 50,176 values of a
    /// 224×224 image cost about 5 % of that step.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(channels)
        let count = pixels.count
        let stride = max(1, count / Self.hashedPixels)
        pixels.withUnsafeBufferPointer { px in
            var i = 0
            while i < count {
                hasher.combine(px[i])
                i += stride
            }
            if count > 0 { hasher.combine(px[count - 1]) }
        }
    }

    /// How many pixels `hash(into:)` reads at most (plus the last).
    static let hashedPixels = 1024

    /// The pixel's channels clamped to [0, 1] (NaN as 0), as RGB (grey repeated).
    @inline(__always)
    public func rgb(x: Int, y: Int) -> (Float, Float, Float) {
        let i = (y * width + x) * channels
        if channels == 1 { let v = clampUnit(pixels[i]); return (v, v, v) }
        return (clampUnit(pixels[i]), clampUnit(pixels[i + 1]), clampUnit(pixels[i + 2]))
    }
}

/// `v` clamped to [0, 1], NaN as 0.
@inline(__always)
func clampUnit(_ v: Float) -> Float {
    v > 0 ? (v < 1 ? v : 1) : 0
}

// MARK: - ImageError

/// An image whose shape or values cannot be used; the message names what is wrong.
public struct ImageError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
