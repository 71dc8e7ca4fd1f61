import XCTest
@testable import Render

/// Screens for terminals without UTF-8 and with 8 colours.
final class ASCIIFallbackTests: XCTestCase {
    func testEveryStandInIsOneASCIICharacter() {
        for (symbol, standIn) in ASCIIFallback.table {
            XCTAssertFalse(symbol.isASCII, "\(symbol) needs no stand-in")
            XCTAssertTrue(standIn.isASCII && standIn.unicodeScalars.first!.value >= 0x20, "\(symbol) → \(standIn)")
        }
        XCTAssertEqual(ASCIIFallback.string("vae · 16-d │ PC1 × PC2 ←↓↑→ 1–9 ■ ±3σ"), "vae | 16-d | PC1 x PC2 <v^> 1-9 # +3s")
    }

    func testBrailleBecomesDotsAndUnknownSymbolsAQuestionMark() {
        XCTAssertEqual(ASCIIFallback.character(for: "\u{2800}"), " ")
        XCTAssertEqual(ASCIIFallback.character(for: "⣿"), ".")
        XCTAssertEqual(ASCIIFallback.character(for: "é"), "?")
        XCTAssertEqual(ASCIIFallback.character(for: "🙂"), "?")
        XCTAssertEqual(ASCIIFallback.character(for: "q"), "q")
    }

    func testMakeASCIIKeepsLayoutAndStyles() {
        var buffer = CellBuffer(width: 12, height: 2)
        let red = Style(foreground: .indexed(1), attributes: .bold)
        buffer.write("a │ ⣿⠁ ■ é", x: 0, y: 0, style: red)
        buffer.write("plain", x: 1, y: 1)
        let before = buffer
        buffer.makeASCII()
        XCTAssertEqual(buffer.textLines(), ["a | .. # ?  ", " plain      "])
        for y in 0..<2 { for x in 0..<12 { XCTAssertEqual(buffer[x, y].style, before[x, y].style) } }
        XCTAssertTrue(buffer.cells.allSatisfy { $0.symbol.isASCII })
    }

    func testEightColourTerminalsShowBrightColoursAsBold() {
        let bright = Style(foreground: .indexed(12))
        XCTAssertEqual(bright.downgraded(to: .ansi8), Style(foreground: .indexed(4), attributes: .bold))
        XCTAssertEqual(bright.downgraded(to: .ansi16), bright)
        XCTAssertEqual(Style(foreground: .indexed(4)).downgraded(to: .ansi8), Style(foreground: .indexed(4)))
        XCTAssertEqual(ANSI.sgr(bright, depth: .ansi8), "\u{1B}[1;34m")
        XCTAssertEqual(ANSI.sgr(bright, depth: .ansi16), "\u{1B}[94m")
    }

    /// Ten Fashion-MNIST classes on an 8-colour terminal: ten different colour and weight pairs.
    func testTwelveClassesStayDistinctWithEightColours() {
        let palette = Palette(depth: .ansi8)
        let styles = (0..<12).map { Style(foreground: palette.classColor($0)).downgraded(to: .ansi8) }
        XCTAssertEqual(Set(styles).count, 12)
        for s in styles {
            guard case .indexed(let i) = s.foreground else { return XCTFail("\(s)") }
            XCTAssertTrue((1...6).contains(i), "no black or white class colour: \(s)")
        }
        XCTAssertEqual(palette.classColor(12), palette.classColor(0))
    }
}
