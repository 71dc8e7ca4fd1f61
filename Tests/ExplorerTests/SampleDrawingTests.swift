import XCTest
@testable import Explorer
import LatentSpace
import Render

/// Samples as they are drawn: channels-first and channels-last RGB images in their colours, the sample range
/// mapped to [0, 1], sequences as one chart band per feature.
final class SampleDrawingTests: XCTestCase {
    /// A 2×2 RGB image: red, green / blue, white, in a sample range of [-1, 1].
    private let pixels: [[Float]] = [[1, -1, -1], [-1, 1, -1], [-1, -1, 1], [1, 1, 1]]

    func testBothLayoutsGiveTheSameColours() throws {
        let nhwc = ModelBundle.Sample(type: .image, shape: [2, 2, 3], range: -1...1, layout: .nhwc)
        let nchw = ModelBundle.Sample(type: .image, shape: [3, 2, 2], range: -1...1, layout: .nchw)
        let interleaved = pixels.flatMap { $0 }
        let planar = (0..<3).flatMap { c in pixels.map { $0[c] } }
        let a = try XCTUnwrap(nhwc.image(interleaved)), b = try XCTUnwrap(nchw.image(planar))
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.channels, 3)
        XCTAssertTrue(a.rgb(x: 0, y: 0) == (1, 0, 0) && a.rgb(x: 1, y: 0) == (0, 1, 0) && a.rgb(x: 0, y: 1) == (0, 0, 1))
        XCTAssertNil(nhwc.image([0, 1]), "a sample of the wrong size is not an image")
    }

    func testRGBSamplesAreColouredByEveryEncoder() throws {
        let sample = ModelBundle.Sample(type: .image, shape: [2, 2, 3], range: -1...1, layout: .nhwc)
        let image = try XCTUnwrap(sample.image(pixels.flatMap { $0 }))
        let cell = PixelSize(width: 10, height: 20)
        // Half-blocks: red over blue in the first column, in 256 colours and in truecolor.
        for depth in [ColorDepth.indexed256, .truecolor] {
            guard case .cells(let cells) = HalfBlockEncoder(depth: depth, filter: .nearest).encode(image, columns: 2, rows: 1, cellSize: cell) else {
                return XCTFail("half-blocks give cells")
            }
            let first = cells[0, 0].style
            XCTAssertNotEqual(first.foreground, first.background, "\(depth): two colours in one cell")
            let red = first.foreground.rgbComponents ?? first.background.rgbComponents
            XCTAssertNotNil(red)
        }
        // Sixel: one colour register per colour, within the register count.
        let sixel = String(decoding: SixelEncoder(options: SixelOptions(maxColors: 16)).encode(image, width: 8, height: 8), as: UTF8.self)
        for rgb in ["2;100;0;0", "2;0;100;0", "2;0;0;100"] { XCTAssertTrue(sixel.contains(rgb), "register \(rgb) in \(sixel)") }
        // Kitty: 24-bit RGB pixels.
        guard case .kitty(let kitty) = KittyEncoder().encode(image, columns: 2, rows: 1, cellSize: cell) else {
            return XCTFail("kitty gives an image")
        }
        XCTAssertTrue(String(decoding: kitty.transmit(id: 1), as: UTF8.self).contains("f=24"))
    }

    func testSequencesDrawOneBandPerFeature() {
        let sample = ModelBundle.Sample(type: .sequence, shape: [8, 2], range: -1...1)
        // Feature 0 at the top of the range, feature 1 at the bottom.
        let values = (0..<8).flatMap { _ in [Float(1), Float(-1)] }
        let chart = sample.chart([values], colors: [.default])!
        let lines = chart.render(kind: .character, columns: 8, rows: 8).textLines()
        XCTAssertFalse(lines[0].trimmingCharacters(in: .whitespaces).isEmpty, "feature 0 at the top of its band")
        XCTAssertFalse(lines[7].trimmingCharacters(in: .whitespaces).isEmpty, "feature 1 at the bottom of its band")
        XCTAssertTrue(lines[3].trimmingCharacters(in: .whitespaces).isEmpty && lines[4].trimmingCharacters(in: .whitespaces).isEmpty,
                      "nothing between the bands: \(lines)")
    }
}
