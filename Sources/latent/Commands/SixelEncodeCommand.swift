import ArgumentParser
import Foundation
import Render
import Tensors

/// `latent sixel-encode`: a hidden developer command that encodes an image stored as .npy with our sixel
/// encoder (used by Tests/e2e/sixel_roundtrip.sh and bench/render_vs_libsixel.sh).
struct SixelEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sixel-encode",
        abstract: "Encode a float image (.npy, values in [0, 1]) as a sixel string.",
        discussion: "The image is float32 (or float64) H×W (grey), H×W×3 or C×H×W with C = 1 or 3.",
        shouldDisplay: false
    )

    @Argument(help: "The image as .npy.")
    var input: String

    @Option(help: "Write the sixel bytes here (default: stdout).")
    var out: String?

    @Option(help: "Output width in pixels (default: the image's, or kept in proportion to --height).")
    var width: Int?

    @Option(help: "Output height in pixels (default: the image's, or kept in proportion to --width).")
    var height: Int?

    @Option(help: "Scaling filter: nearest or bilinear.")
    var scale: ScaleFilter = .nearest

    @Option(help: "At most this many colour registers (2–256).")
    var colors: Int = 256

    @Option(help: "Grey images: largest error (of 255) per pixel, at least 1.")
    var greyTolerance: Int = SixelOptions().greyTolerance

    func validate() throws {
        if greyTolerance < 1 || greyTolerance > 255 {
            throw ValidationError("--grey-tolerance must be between 1 and 255, got \(greyTolerance)")
        }
        if let width, width < 1 { throw ValidationError("--width must be at least 1, got \(width)") }
        if let height, height < 1 { throw ValidationError("--height must be at least 1, got \(height)") }
        if colors < 2 || colors > 256 { throw ValidationError("--colors must be between 2 and 256, got \(colors)") }
    }

    func run() throws {
        try reportingErrors {
            if let out { try checkWritable(URL(fileURLWithPath: out)) }
            let tensor = try NPY.read(URL(fileURLWithPath: input))
            let image = try Self.image(from: tensor, file: input)
            let size = Self.outputSize(image: image, width: width, height: height)
            let encoder = SixelEncoder(options: SixelOptions(maxColors: colors, filter: scale, greyTolerance: greyTolerance))
            let bytes = Data(encoder.encode(image, width: size.width, height: size.height))
            if let out {
                do {
                    try bytes.write(to: URL(fileURLWithPath: out))
                } catch {
                    throw RenderInputError("\(out): cannot write (\(error.localizedDescription))")
                }
            } else {
                writeStdout(bytes)
            }
        }
    }

    /// The image in a tensor of shape H×W, H×W×3 or C×H×W (C = 1 or 3), float32 or float64.
    static func image(from tensor: Tensor, file: String) throws -> Image {
        guard tensor.dtype == .float32 || tensor.dtype == .float64 else {
            throw RenderInputError("\(file): image must be float32 or float64 with values in [0, 1], got \(tensor.dtype)")
        }
        let values = tensor.floatValues()
        let s = tensor.shape
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw RenderInputError("\(file): value \(bad) (shape \(s)) is NaN or infinite; an image needs values in [0, 1]")
        }
        do {
            switch s.count {
            case 2:
                return try Image(width: s[1], height: s[0], channels: 1, pixels: values)
            case 3 where s[2] == 3:
                return try Image(width: s[1], height: s[0], channels: 3, pixels: values)
            case 3 where s[0] == 1 || s[0] == 3:
                return try Image(planar: values, channels: s[0], height: s[1], width: s[2])
            default:
                throw RenderInputError("\(file): image shape \(s) is not H×W, H×W×3 or C×H×W with C = 1 or 3")
            }
        } catch let error as ImageError {
            throw RenderInputError("\(file): \(error.description)")
        }
    }

    /// The requested size, filling a missing side in proportion.
    static func outputSize(image: Image, width: Int?, height: Int?) -> PixelSize {
        switch (width, height) {
        case let (w?, h?): return PixelSize(width: w, height: h)
        case let (w?, nil): return PixelSize(width: w, height: max(1, Int((Double(w) * Double(image.height) / Double(image.width)).rounded())))
        case let (nil, h?): return PixelSize(width: max(1, Int((Double(h) * Double(image.width) / Double(image.height)).rounded())), height: h)
        case (nil, nil): return image.size
        }
    }
}

extension ScaleFilter: ExpressibleByArgument {}

/// A bad image or output path given to a rendering command.
struct RenderInputError: UserInputError {
    let description: String
    init(_ description: String) { self.description = description }
}
