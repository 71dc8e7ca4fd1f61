import XCTest
@testable import Render

final class CellEncoderTests: XCTestCase {
    /// A 28×28 test image: a bright disc with a horizontal gradient and a dark bar, on black.
    func disc() throws -> Image {
        var pixels = [Float](repeating: 0, count: 28 * 28)
        for y in 0..<28 {
            for x in 0..<28 {
                let dx = Float(x) - 13.5, dy = Float(y) - 13.5
                let r = (dx * dx + dy * dy).squareRoot()
                if r < 12 { pixels[y * 28 + x] = (y >= 12 && y < 16) ? 0.1 : 0.2 + 0.8 * Float(x) / 27 }
            }
        }
        return try Image(width: 28, height: 28, channels: 1, pixels: pixels)
    }

    // MARK: - ASCII

    func testAsciiRampAndAspect() throws {
        let image = try Image(width: 10, height: 1, channels: 1, pixels: (0..<10).map { Float($0) / 9 })
        let cells = AsciiEncoder(filter: .nearest).cells(for: image, columns: 10, rows: 1)
        XCTAssertEqual(cells.textLines(), [" .:-=+*#%@"])
        XCTAssertEqual(AsciiEncoder(inverted: true, filter: .nearest).cells(for: image, columns: 10, rows: 1).textLines(),
                       ["@%#*+=-:. "])
        // Cells twice as tall as wide: a square image 20 columns wide takes 10 rows.
        let square = try disc()
        XCTAssertEqual(AsciiEncoder().cells(for: square, columns: 20).height, 10)
        XCTAssertEqual(AsciiEncoder().cells(for: square, columns: 20, cellAspect: 1).height, 20)
    }

    func testAsciiGreyColours() throws {
        let image = try Image(width: 2, height: 1, channels: 3, pixels: [0, 0, 0, 1, 1, 1])
        let cells = AsciiEncoder(greyColors: true, filter: .nearest).cells(for: image, columns: 2, rows: 1)
        XCTAssertEqual(cells[0, 0].foreground, .indexed(16))
        XCTAssertEqual(cells[1, 0].foreground, .indexed(231))
        XCTAssertEqual(cells[1, 0].symbol, "@")
    }

    func testGoldenAsciiImage() throws {
        let cells = AsciiEncoder().cells(for: try disc(), columns: 28, rows: 14)
        Snapshot.assert(Snapshot.text(cells.textLines()), named: "ascii_disc")
        let grey = AsciiEncoder(greyColors: true).cells(for: try disc(), columns: 28, rows: 14)
        Snapshot.assert(grey.ansiText(depth: .indexed256) + "\n", named: "ascii_disc_ansi256")
    }

    // MARK: - Half blocks

    func testHalfBlockColoursTopAndBottom() throws {
        let image = try Image(width: 1, height: 2, channels: 3, pixels: [1, 0, 0, 0, 0, 1])
        let truecolor = HalfBlockEncoder(depth: .truecolor, filter: .nearest).cells(for: image, columns: 1, rows: 1)
        XCTAssertEqual(truecolor[0, 0], Cell("▀", foreground: .rgb(255, 0, 0), background: .rgb(0, 0, 255)))
        let indexed = HalfBlockEncoder(depth: .indexed256, filter: .nearest).cells(for: image, columns: 1, rows: 1)
        XCTAssertEqual(indexed[0, 0], Cell("▀", foreground: .indexed(196), background: .indexed(21)))
        let grey = try Image(width: 1, height: 2, channels: 1, pixels: [0.5, 0.2])
        let g = HalfBlockEncoder(depth: .indexed256, filter: .nearest).cells(for: grey, columns: 1, rows: 1)
        XCTAssertEqual(g[0, 0].foreground, Color.rgb(128, 128, 128).downgraded(to: .indexed256))
        XCTAssertEqual(g[0, 0].background, Color.rgb(51, 51, 51).downgraded(to: .indexed256))
    }

    func testHalfBlockMonoThresholds() throws {
        let image = try Image(width: 4, height: 2, channels: 1, pixels: [0, 1, 0, 1, 0, 0, 1, 1])
        let cells = HalfBlockEncoder(depth: .mono, filter: .nearest).cells(for: image, columns: 4, rows: 1)
        XCTAssertEqual(cells.textLines(), [" ▀▄█"])
        XCTAssertEqual(cells[1, 0].foreground, .default)
    }

    func testGoldenHalfBlockImage() throws {
        let cells = HalfBlockEncoder(depth: .indexed256).cells(for: try disc(), columns: 28, rows: 14)
        Snapshot.assert(cells.ansiText(depth: .indexed256) + "\n", named: "halfblock_disc_ansi256")
    }

    // MARK: - Protocol

    func testEncodersThroughTheProtocol() throws {
        let image = try disc()
        let cell = PixelSize(width: 10, height: 20)
        let encoders: [any ImageEncoder] = ImageFormat.allCases.map { $0.encoder(colorDepth: .indexed256) }
        for encoder in encoders {
            let grid = encoder.fittedGrid(for: image, maxColumns: 40, maxRows: 12, cellSize: cell)
            XCTAssertEqual(grid.rows, 12)
            XCTAssertEqual(grid.columns, 24)
            switch encoder.encode(image, columns: grid.columns, rows: grid.rows, cellSize: cell) {
            case .cells(let buffer):
                XCTAssertEqual([buffer.width, buffer.height], [24, 12])
            case .sixel(let bytes, let size):
                XCTAssertEqual(size, PixelSize(width: 240, height: 240))
                let decoded = try SixelTestDecoder.decode(bytes)
                XCTAssertEqual([decoded.width, decoded.height], [240, 240])
            case .kitty(let kitty):
                XCTAssertEqual([kitty.columns, kitty.rows, kitty.width, kitty.height], [24, 12, image.width, image.height])
            }
        }
        let wide = try Image(width: 100, height: 10, channels: 1, value: 0.5)
        let grid = AsciiEncoder().fittedGrid(for: wide, maxColumns: 40, maxRows: 12, cellSize: cell)
        XCTAssertEqual([grid.columns, grid.rows], [40, 2])
        XCTAssertEqual(EncodedImage.sixel(Array("ab".utf8), size: PixelSize(width: 1, height: 1)).text(depth: .mono), "ab")
    }
}
