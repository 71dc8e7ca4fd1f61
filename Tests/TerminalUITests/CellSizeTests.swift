import XCTest
import Render

/// Where the cell size comes from: the kernel's window size in pixels, then `CSI 16 t`, then `CSI 14 t` ÷
/// cells, then the default; and the parsers of those answers and of XTSMGRAPHICS.
final class CellSizeTests: XCTestCase {
    func testWindowPixelsComeFirst() {
        // Debian's xterm at DejaVu Sans Mono 10 pt, 120×40: 964×684 px with its 2-pixel border.
        let window = WindowSize(columns: 120, rows: 40, pixelWidth: 960, pixelHeight: 680)
        let r = TerminalCapabilities.resolveCellSize(window: window, csi16t: PixelSize(width: 9, height: 18), csi14t: nil)
        XCTAssertEqual(r.size, PixelSize(width: 8, height: 17))
        XCTAssertEqual(r.source, .tiocgwinsz)
    }

    func testCellSizeAnswerWhenTheKernelHasNoPixels() {
        let window = WindowSize(columns: 120, rows: 40)
        let r = TerminalCapabilities.resolveCellSize(window: window, csi16t: PixelSize(width: 9, height: 18),
                                                     csi14t: PixelSize(width: 960, height: 680))
        XCTAssertEqual(r.size, PixelSize(width: 9, height: 18))
        XCTAssertEqual(r.source, .csi16t)
    }

    func testTextAreaDividedByCells() {
        let window = WindowSize(columns: 120, rows: 40)
        let r = TerminalCapabilities.resolveCellSize(window: window, csi16t: nil, csi14t: PixelSize(width: 1200, height: 840))
        XCTAssertEqual(r.size, PixelSize(width: 10, height: 21))
        XCTAssertEqual(r.source, .csi14t)
    }

    func testDefaultWhenNothingIsKnown() {
        for window in [nil, WindowSize(columns: 0, rows: 0, pixelWidth: 960, pixelHeight: 680),
                       WindowSize(columns: 120, rows: 40, pixelWidth: 100, pixelHeight: 40)] {
            let r = TerminalCapabilities.resolveCellSize(window: window, csi16t: PixelSize(width: 0, height: 0), csi14t: nil)
            XCTAssertEqual(r.size, TerminalCapabilities.assumedCellSize)
            XCTAssertEqual(r.source, .assumed)
        }
    }

    func testParsesTextAreaAndRegisterAnswers() {
        let answer = Array("\u{1B}[?1;0;16S\u{1B}[4;680;960t\u{1B}[6;17;8t\u{1B}[?63;1;4c".utf8)
        XCTAssertEqual(TerminalReplies.textAreaSize(in: answer)?.value, PixelSize(width: 960, height: 680))
        XCTAssertEqual(TerminalReplies.cellSize(in: answer)?.value, PixelSize(width: 8, height: 17))
        XCTAssertEqual(TerminalReplies.sixelRegisters(in: answer)?.value, 16)
        let caps = TerminalCapabilities(colorDepth: .indexed256, unicode: true).applying(answers: answer)
        XCTAssertTrue(caps.sixel)
        XCTAssertEqual(caps.effectiveSixelRegisters, 16)
        // A failed XTSMGRAPHICS (status 3) says nothing: 256 registers are assumed.
        let failed = TerminalCapabilities(colorDepth: .indexed256, unicode: true)
            .applying(answers: Array("\u{1B}[?1;3;0S\u{1B}[?62;4c".utf8))
        XCTAssertNil(failed.sixelRegisters)
        XCTAssertEqual(failed.effectiveSixelRegisters, 256)
    }
}
