import ArgumentParser
import Foundation
import LatentSpace
import Render
import Explorer
import TerminalUI

/// How the headless commands print decoded samples.
enum SampleFormat: String, ExpressibleByArgument, CaseIterable {
    case ascii, blocks, sixel, kitty
}

/// Turns decoded samples into bytes for stdout: ASCII art, half-block art with 256 colours, or one sixel or kitty
/// graphics image.
struct SampleOutput {
    let sample: ModelBundle.Sample
    let format: SampleFormat
    /// Size multiplier: pixels per sample pixel for sixel, characters per pixel column for ASCII and blocks.
    let scale: Int

    init(sample: ModelBundle.Sample?, format: SampleFormat, scale: Int?) throws {
        guard let sample else {
            throw BundleError(file: "command line", "the sample shape is unknown (give a decoder that declares its output)")
        }
        if sample.type != .image && (format == .sixel || format == .kitty) {
            throw BundleError(file: "command line", "\(sample.type.rawValue) samples are drawn as line charts: use --format ascii or blocks")
        }
        self.sample = sample
        self.format = format
        self.scale = max(1, scale ?? (format == .sixel || format == .kitty ? 8 : 1))
    }

    /// The image of one sample's values (in the sample range).
    func image(_ values: [Float]) throws -> Image {
        guard let image = sample.image(values) else {
            throw BundleError(file: "command line", "a sample of \(values.count) values is not an image of shape \(sample.shape)")
        }
        return image
    }

    /// The size of a chart: 64 columns (times the scale) by 12 rows per feature, at most 48.
    private var chartSize: (columns: Int, rows: Int) {
        (64 * scale, min(48, 12 * (sample.series?.features ?? 1)))
    }

    /// Several samples as the bytes to print: images side by side, or sequences and vectors overlaid in one
    /// line chart (the first in the terminal's colour, the second in orange with `blocks`).
    func render(_ samples: [[Float]]) throws -> Data {
        if sample.type != .image {
            let colors: [Color] = format == .ascii ? [.default] : [.default, .indexed(208)]
            guard let chart = sample.chart(samples, colors: colors) else { return Data() }
            let size = chartSize
            let buffer = chart.render(kind: format == .ascii ? .character : .braille, columns: size.columns, rows: size.rows)
            let text = format == .ascii ? buffer.textLines().joined(separator: "\n") : buffer.ansiText(depth: .indexed256)
            return Data((text + "\n").utf8)
        }
        let images = try samples.map(image)
        guard let first = images.first else { return Data() }
        switch format {
        case .sixel:
            return Data(SixelEncoder().encode(try strip(images, scale: scale)) + Array("\n".utf8))
        case .kitty:
            // The terminal scales the sample pixels: the strip at their own size, shown `scale` pixels per pixel.
            let strip = try strip(images, scale: 1)
            let cell = TerminalProbe.windowSize()?.cellSize ?? TerminalCapabilities.assumedCellSize
            let kitty = KittyImage(strip, columns: (strip.width * scale + cell.width - 1) / cell.width,
                                   rows: (strip.height * scale + cell.height - 1) / cell.height)
            return Data(kitty.transmit(id: 1, moveCursor: true) + Array("\n".utf8))
        case .ascii, .blocks:
            let columns = first.width * scale
            let rows = max(1, first.height * scale / 2)
            let encoder: any ImageEncoder = format == .ascii ? AsciiEncoder() : HalfBlockEncoder(depth: .indexed256)
            var strip = CellBuffer(width: images.count * (columns + 1) - 1, height: rows)
            for (k, img) in images.enumerated() {
                if case .cells(let cells) = encoder.encode(img, columns: columns, rows: rows, cellSize: PixelSize(width: 10, height: 20)) {
                    strip.draw(cells, at: Position(x: k * (columns + 1), y: 0))
                }
            }
            let text = format == .ascii ? strip.textLines().joined(separator: "\n") + "\n" : strip.ansiText(depth: .indexed256) + "\n"
            return Data(text.utf8)
        }
    }

    /// One strip image: the samples scaled `scale` times (nearest), left to right with a gap, so the terminal
    /// places them in one go.
    func strip(_ images: [Image], scale: Int) throws -> Image {
        let first = images[0]
        let w = first.width * scale, h = first.height * scale
        let gap = max(2, scale)
        let stripWidth = images.count * w + (images.count - 1) * gap
        let channels = first.channels
        var pixels = [Float](repeating: 0, count: stripWidth * h * channels)
        for (k, img) in images.enumerated() {
            let scaled = img.resized(width: w, height: h, filter: .nearest)
            for y in 0..<h {
                for x in 0..<w {
                    for c in 0..<channels {
                        pixels[(y * stripWidth + k * (w + gap) + x) * channels + c] = scaled.pixels[(y * w + x) * channels + c]
                    }
                }
            }
        }
        return try Image(width: stripWidth, height: h, channels: channels, pixels: pixels)
    }
}
