import XCTest
@testable import Render

final class CellBufferTests: XCTestCase {
    // MARK: - Writing

    func testWriteClipsToRectAndBuffer() {
        var buffer = CellBuffer(width: 10, height: 3)
        let end = buffer.write("hello world", at: Position(x: 2, y: 1), clippedTo: Rect(x: 3, y: 0, width: 4, height: 3))
        XCTAssertEqual(end, 13)
        XCTAssertEqual(buffer.textLines(), ["          ", "   ello   ", "          "])
        buffer.write("abc", x: 8, y: 0)
        buffer.write("zz", x: -1, y: 2)
        buffer.write("nope", x: 0, y: 7)
        XCTAssertEqual(buffer.textLines(), ["        ab", "   ello   ", "z         "])
    }

    func testWriteTurnsControlCharactersIntoSpacesAndKeepsOneCellPerCharacter() {
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.write("a\u{1B}[b\tc", x: 0, y: 0)
        XCTAssertEqual(buffer.textLines(), ["a [b c"])
        var wide = CellBuffer(width: 4, height: 1)
        wide.write("日本", x: 0, y: 0)
        XCTAssertEqual(wide[1, 0].symbol, "本")
        XCTAssertEqual(wide[2, 0], .blank)
    }

    func testWriteAppliesStyle() {
        var buffer = CellBuffer(width: 3, height: 1)
        let style = Style(foreground: .indexed(9), background: .rgb(1, 2, 3), attributes: [.bold, .underline])
        buffer.write("x", x: 1, y: 0, style: style)
        XCTAssertEqual(buffer[1, 0], Cell("x", style: style))
        XCTAssertEqual(buffer[1, 0].style, style)
        XCTAssertEqual(buffer[0, 0], .blank)
    }

    func testOutOfBoundsAccessIsHarmless() {
        var buffer = CellBuffer(width: 2, height: 2)
        buffer[5, 5] = Cell("x")
        buffer[-1, 0] = Cell("x")
        XCTAssertEqual(buffer[5, 5], .blank)
        XCTAssertEqual(buffer.textLines(), ["  ", "  "])
        XCTAssertEqual(CellBuffer(width: -3, height: 2).cells.count, 0)
    }

    func testFillAndDrawAreClipped() {
        var buffer = CellBuffer(width: 5, height: 3)
        buffer.fill(Rect(x: 3, y: 1, width: 10, height: 10), with: Cell("#"))
        XCTAssertEqual(buffer.textLines(), ["     ", "   ##", "   ##"])
        var small = CellBuffer(width: 2, height: 2, fill: Cell("o"))
        small[0, 0] = Cell("A")
        buffer.draw(small, at: Position(x: -1, y: -1))
        buffer.draw(small, at: Position(x: 1, y: 1), clippedTo: Rect(x: 0, y: 0, width: 2, height: 3))
        XCTAssertEqual(buffer.textLines(), ["o    ", " A ##", " o ##"])
    }

    func testResizeKeepsCells() {
        var buffer = CellBuffer(width: 3, height: 2)
        buffer.write("abc", x: 0, y: 0)
        buffer.write("def", x: 0, y: 1)
        buffer.resize(width: 2, height: 3)
        XCTAssertEqual(buffer.textLines(), ["ab", "de", "  "])
    }

    // MARK: - Diff

    func testDiffOfOneChangedCellIsThatCell() {
        var before = CellBuffer(width: 20, height: 10)
        before.write("some text here", x: 2, y: 3, style: Style(foreground: .indexed(3)))
        var after = before
        after[7, 3] = Cell("Z", foreground: .indexed(3))
        let changes = after.diff(from: before)
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?.x, 7)
        XCTAssertEqual(changes.first?.y, 3)
        XCTAssertEqual(changes.first?.cell, Cell("Z", foreground: .indexed(3)))
        XCTAssertTrue(after.diff(from: after).isEmpty)
    }

    func testDiffSeesStyleOnlyChanges() {
        let before = CellBuffer(width: 4, height: 2)
        var after = before
        after[3, 1] = Cell(" ", background: .indexed(1))
        after[0, 0] = Cell(" ", attributes: .reverse)
        let changes = after.diff(from: before)
        XCTAssertEqual(changes.map { [$0.x, $0.y] }, [[0, 0], [3, 1]])
    }

    func testDiffAfterResizeReturnsEveryCell() {
        let before = CellBuffer(width: 4, height: 2)
        let after = CellBuffer(width: 3, height: 2)
        XCTAssertEqual(after.diff(from: before).count, 6)
    }

    // MARK: - Text output

    func testAnsiTextEmitsStylesAndResets() {
        var buffer = CellBuffer(width: 4, height: 2)
        buffer.write("ab", x: 0, y: 0, style: Style(foreground: .indexed(1), attributes: .bold))
        buffer.write("c", x: 2, y: 1, style: Style(background: .rgb(10, 20, 30)))
        XCTAssertEqual(buffer.ansiText(depth: .truecolor),
                       "\u{1B}[0m\u{1B}[1;31mab\u{1B}[0m  \n  \u{1B}[0m\u{1B}[48;2;10;20;30mc\u{1B}[0m ")
        // Mono keeps attributes and drops colours; unstyled lines have no escapes.
        XCTAssertEqual(buffer.ansiText(depth: .mono), "\u{1B}[0m\u{1B}[1mab\u{1B}[0m  \n  c ")
    }

    func testSGRCodes() {
        XCTAssertEqual(ANSI.sgr(.plain, depth: .truecolor), "")
        XCTAssertEqual(ANSI.sgr(Style(foreground: .indexed(12), background: .indexed(200)), depth: .indexed256),
                       "\u{1B}[94;48;5;200m")
        XCTAssertEqual(ANSI.sgr(Style(foreground: .rgb(255, 0, 0), attributes: [.dim, .reverse]), depth: .indexed256),
                       "\u{1B}[2;7;38;5;196m")
        XCTAssertEqual(ANSI.sgr(Style(foreground: .rgb(255, 0, 0)), depth: .ansi8), "\u{1B}[31m")
    }
}
