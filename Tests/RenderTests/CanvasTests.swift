import XCTest
@testable import Render

final class CanvasTests: XCTestCase {
    // MARK: - Braille

    func testBrailleDotBits() {
        // Dot (column, row) inside a cell → braille dot number - 1.
        let expected: [[Int]] = [[0, 3], [1, 4], [2, 5], [6, 7]]
        for row in 0..<4 {
            for column in 0..<2 {
                var canvas = BrailleCanvas(width: 1, height: 1)
                canvas.paint(x: column, y: row, color: .indexed(2))
                let scalar = canvas.cellBuffer()[0, 0].symbol.unicodeScalars.first!.value
                XCTAssertEqual(scalar, 0x2800 + (1 << expected[row][column]), "dot (\(column), \(row))")
            }
        }
    }

    func testBrailleFullCellAndColour() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        for y in 0..<4 { for x in 0..<2 { canvas.paint(x: x, y: y, color: .indexed(4)) } }
        canvas.paint(x: 3, y: 3, color: .indexed(5))
        canvas.paint(x: 99, y: 0, color: .indexed(5))
        canvas.paint(x: -1, y: 0, color: .indexed(5))
        let buffer = canvas.cellBuffer(background: Style(background: .indexed(0)))
        XCTAssertEqual(buffer[0, 0], Cell("⣿", foreground: .indexed(4), background: .indexed(0)))
        XCTAssertEqual(buffer[1, 0], Cell("⢀", foreground: .indexed(5), background: .indexed(0)))
    }

    func testMarkersHideDotsAndClearRemovesEverything() {
        var canvas = BrailleCanvas(width: 3, height: 1)
        canvas.paint(x: 0, y: 0, color: .indexed(1))
        canvas.mark(column: 0, row: 0, cell: Cell("A"))
        canvas.mark(column: 7, row: 0, cell: Cell("B"))
        XCTAssertEqual(canvas.cellBuffer().textLines(), ["A  "])
        canvas.clear()
        XCTAssertEqual(canvas.cellBuffer().textLines(), ["   "])
        XCTAssertEqual(canvas.patterns, [0, 0, 0])
    }

    func testDrawReplacesTheAreaAndIsClipped() {
        var buffer = CellBuffer(width: 4, height: 2, fill: Cell("x"))
        var canvas = BrailleCanvas(width: 3, height: 3)
        canvas.paint(x: 5, y: 0, color: .default)
        canvas.draw(into: &buffer, at: Position(x: 1, y: 1), background: .plain)
        XCTAssertEqual(buffer.textLines(), ["xxxx", "x  ⠈"])
    }

    // MARK: - Half blocks

    func testHalfBlockCells() {
        var canvas = HalfBlockCanvas(width: 3, height: 1)
        canvas.paint(x: 0, y: 0, color: .indexed(1))
        canvas.paint(x: 0, y: 1, color: .indexed(2))
        canvas.paint(x: 1, y: 1, color: .indexed(3))
        canvas.paint(x: 2, y: 0, color: .indexed(4))
        let buffer = canvas.cellBuffer(background: Style(background: .indexed(0)))
        XCTAssertEqual(buffer[0, 0], Cell("▀", foreground: .indexed(1), background: .indexed(2)))
        XCTAssertEqual(buffer[1, 0], Cell("▄", foreground: .indexed(3), background: .indexed(0)))
        XCTAssertEqual(buffer[2, 0], Cell("▀", foreground: .indexed(4), background: .indexed(0)))
        XCTAssertEqual(canvas.dotWidth, 3)
        XCTAssertEqual(canvas.dotHeight, 2)
    }

    // MARK: - Characters

    func testCharacterDensityRamp() {
        XCTAssertEqual(CharacterCanvas.glyph(forCount: 0), " ")
        XCTAssertEqual((1...20).map { CharacterCanvas.glyph(forCount: Int32($0)) }.map(String.init).joined(),
                       ".:++****########@@@@")
        var canvas = CharacterCanvas(width: 2, height: 1)
        canvas.paint(x: 0, y: 0, color: .indexed(1), count: 3)
        canvas.paint(x: 0, y: 0, color: .indexed(2))
        XCTAssertEqual(canvas.cellBuffer()[0, 0], Cell("+", foreground: .indexed(2)))
        canvas.paint(x: 1, y: 0, color: .indexed(2), count: 0)
        XCTAssertEqual(canvas.counts, [4, 0])
    }

    // MARK: - Lines

    func testLineVisitsEveryDotBetweenEnds() {
        var canvas = HalfBlockCanvas(width: 5, height: 3)
        canvas.line(from: 0, 0, to: 4, 5, color: .indexed(7))
        let painted = canvas.dots.enumerated().filter { $0.element != nil }.map { [$0.offset % 5, $0.offset / 5] }
        XCTAssertEqual(painted.first, [0, 0])
        XCTAssertEqual(painted.last, [4, 5])
        XCTAssertEqual(painted.count, 6)  // one dot per row of the steeper axis
        var other = HalfBlockCanvas(width: 5, height: 3)
        other.line(from: 4, 5, to: 0, 0, color: .indexed(7))
        XCTAssertEqual(other.dots.filter { $0 != nil }.count, 6)
    }
}
