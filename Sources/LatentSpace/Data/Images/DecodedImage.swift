/// An image file's pixels as its decoder gives them: 8-bit samples, rows top to bottom, channels interleaved.
public struct DecodedImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 grey, 2 grey and alpha, 3 RGB, 4 RGBA.
    public var channels: Int
    /// `height × width × channels` samples.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Whether the colour channels are one grey value (1 or 2 channels) rather than red, green and blue.
    public var isGrey: Bool { channels <= 2 }
    /// Whether the last channel is opacity.
    public var hasAlpha: Bool { channels == 2 || channels == 4 }
}
