import XCTest
@testable import Render

/// Line charts of vector samples: where the dots fall, gaps, clamping, and every canvas kind.
final class LineChartTests: XCTestCase {
    /// The dots painted on a braille canvas, as (x, y) pairs.
    private func dots(_ chart: LineChart, columns: Int, rows: Int) -> Set<[Int]> {
        var canvas = BrailleCanvas(width: columns, height: rows)
        chart.draw(on: &canvas)
        var out = Set<[Int]>()
        for y in 0..<canvas.dotHeight {
            for x in 0..<canvas.dotWidth {
                let cell = canvas.patterns[(y / 4) * columns + x / 2]
                if cell & (1 << BrailleCanvas.bits[y % 4][x % 2]) != 0 { out.insert([x, y]) }
            }
        }
        return out
    }

    func testARampRisesFromTheBottomLeftToTheTopRight() {
        let chart = LineChart(values: (0..<11).map { Float($0) / 10 }, range: 0...1)
        let d = dots(chart, columns: 10, rows: 5)  // 20 × 20 dots
        XCTAssertTrue(d.contains([0, 19]), "first value at the bottom left")
        XCTAssertTrue(d.contains([19, 0]), "last value at the top right")
        // A connected line: every column has a dot, and the dots climb.
        for x in 0..<20 { XCTAssertTrue(d.contains { $0[0] == x }, "column \(x)") }
        let heights = (0..<20).map { x in d.filter { $0[0] == x }.map { $0[1] }.min()! }
        XCTAssertEqual(heights, heights.sorted(by: >))
    }

    func testAConstantAtTheMiddleOfTheRangeIsAHorizontalLine() {
        let d = dots(LineChart(values: [Float](repeating: 0, count: 7), range: -1...1), columns: 6, rows: 3)
        XCTAssertEqual(Set(d.map { $0[1] }), [6], "row (12 - 1) / 2 rounded")
        XCTAssertEqual(d.count, 12)
    }

    func testNonFiniteValuesLeaveAGapAndOutOfRangeValuesAreClamped() {
        let gap = dots(LineChart(values: [0, 0, .nan, 1, 1], range: 0...1), columns: 10, rows: 2)
        // x of value i is i × 19 / 4: the line stops at x 5 and starts again at x 14.
        XCTAssertFalse(gap.contains { (6...13).contains($0[0]) }, "nothing drawn across the NaN")
        XCTAssertTrue(gap.contains([4, 7]) && gap.contains([14, 0]))
        let clamped = dots(LineChart(values: [-5, 7], range: 0...1), columns: 4, rows: 2)
        XCTAssertTrue(clamped.contains([0, 7]) && clamped.contains([7, 0]))
        XCTAssertEqual(clamped.map { $0[1] }.max(), 7)
        // Degenerate inputs draw something sensible or nothing, never crash.
        XCTAssertEqual(dots(LineChart(values: [0.5], range: 0...1), columns: 3, rows: 1).count, 1)
        XCTAssertTrue(dots(LineChart(values: [], range: 0...1), columns: 3, rows: 1).isEmpty)
        let flat = dots(LineChart(values: [3, 4], range: 2...2), columns: 2, rows: 1)
        XCTAssertEqual(Set(flat.map { $0[1] }), [2], "a degenerate range draws on the middle line")
        XCTAssertEqual(flat.count, 4)
        XCTAssertTrue(dots(LineChart(values: [1, 2], range: 0...1), columns: 0, rows: 0).isEmpty)
    }

    func testEveryCanvasKindDrawsTheChart() {
        let chart = LineChart(values: [0, 1, 0, 1], range: 0...1, color: .indexed(2))
        for kind in CanvasKind.allCases {
            let lines = chart.render(kind: kind, columns: 8, rows: 3).textLines()
            XCTAssertEqual(lines.count, 3, "\(kind)")
            XCTAssertTrue(lines.joined().contains { $0 != " " }, "\(kind) draws dots")
        }
    }
}
