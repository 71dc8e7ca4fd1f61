import XCTest
@testable import Render

final class ViewportTests: XCTestCase {
    func testFittingShowsEveryPointWithEqualScale() {
        let points: [Float] = [-3, 1, 5, 2, 0, -4, 1, 9]
        let v = Viewport.fitting(points: points, dotsWide: 200, dotsHigh: 100, dotAspect: 1)
        for i in stride(from: 0, to: points.count, by: 2) {
            let d = v.dotPosition(x: Double(points[i]), y: Double(points[i + 1]), dotsWide: 200, dotsHigh: 100)
            XCTAssertTrue(d.x >= 0 && d.x < 200 && d.y >= 0 && d.y < 100, "point \(i / 2) at \(d)")
        }
        XCTAssertEqual(v.unitsPerDotX, v.unitsPerDotY, accuracy: 1e-12)
        // y spans 13 units with 5 % margins on each side over 100 dots.
        XCTAssertEqual(v.unitsPerDotY, 13 * 1.1 / 100, accuracy: 1e-12)
    }

    func testAspectCorrectionForTallDots() {
        // Character cells are twice as tall as wide: one dot spans twice the data units vertically.
        let v = Viewport.fitting(xRange: 0...10, yRange: 0...10, dotsWide: 80, dotsHigh: 40, dotAspect: 2, margin: 0)
        XCTAssertEqual(v.unitsPerDotY, 2 * v.unitsPerDotX, accuracy: 1e-12)
        XCTAssertEqual(v.visibleYRange(dotsHigh: 40).upperBound - v.visibleYRange(dotsHigh: 40).lowerBound,
                       v.visibleXRange(dotsWide: 80).upperBound - v.visibleXRange(dotsWide: 80).lowerBound, accuracy: 1e-9)
        let free = Viewport.fitting(xRange: 0...10, yRange: 0...1, dotsWide: 80, dotsHigh: 40, margin: 0, preserveAspect: false)
        XCTAssertEqual(free.visibleYRange(dotsHigh: 40).upperBound, 1, accuracy: 1e-12)
        XCTAssertEqual(Viewport.dotAspect(cellSize: PixelSize(width: 10, height: 20), dotsPerCell: (2, 4)), 1)
        XCTAssertEqual(Viewport.dotAspect(cellSize: PixelSize(width: 10, height: 20), dotsPerCell: (1, 1)), 2)
    }

    func testDegenerateInputsGiveAUsableViewport() {
        let single = Viewport.fitting(points: [2, 3], dotsWide: 10, dotsHigh: 10)
        XCTAssertEqual(single.centerX, 2)
        XCTAssertEqual(single.centerY, 3)
        XCTAssertGreaterThan(single.unitsPerDotX, 0)
        let empty = Viewport.fitting(points: [.nan, 1, .infinity, 2], dotsWide: 0, dotsHigh: 0)
        XCTAssertTrue(empty.unitsPerDotX.isFinite && empty.unitsPerDotX > 0)
        XCTAssertEqual(Viewport(centerX: 0, centerY: 0, unitsPerDotX: -1, unitsPerDotY: .nan).unitsPerDotY, 1)
    }

    func testZoomKeepsTheAnchorInPlaceAndPanMovesByDots() {
        let v = Viewport(centerX: 1, centerY: 2, unitsPerDotX: 0.5, unitsPerDotY: 0.25)
        let before = v.dotPosition(x: 4, y: -1, dotsWide: 100, dotsHigh: 50)
        let z = v.zoomed(by: 3, aroundX: 4, y: -1)
        let after = z.dotPosition(x: 4, y: -1, dotsWide: 100, dotsHigh: 50)
        XCTAssertEqual(before.x, after.x, accuracy: 1e-9)
        XCTAssertEqual(before.y, after.y, accuracy: 1e-9)
        XCTAssertEqual(z.unitsPerDotX, 0.5 / 3, accuracy: 1e-12)
        XCTAssertEqual(v.zoomed(by: 0), v)
        let p = v.panned(dx: 10, dy: 4)
        let moved = p.dotPosition(x: 1, y: 2, dotsWide: 100, dotsHigh: 50)
        XCTAssertEqual(moved.x, 50 - 10, accuracy: 1e-9)
        XCTAssertEqual(moved.y, 25 - 4, accuracy: 1e-9)
    }

    func testDotAndDataMappingsAreInverse() {
        let v = Viewport(centerX: -3, centerY: 7, unitsPerDotX: 0.3, unitsPerDotY: 0.6)
        var rng = TestRandom(seed: 3)
        for _ in 0..<100 {
            let x = rng.unit() * 40 - 20, y = rng.unit() * 40 - 20
            let d = v.dotPosition(x: x, y: y, dotsWide: 321, dotsHigh: 97)
            let back = v.dataPoint(dotX: d.x, dotY: d.y, dotsWide: 321, dotsHigh: 97)
            XCTAssertEqual(back.x, x, accuracy: 1e-9)
            XCTAssertEqual(back.y, y, accuracy: 1e-9)
        }
    }

    func testCellCentreMapsBackIntoTheSameCell() {
        let v = Viewport.fitting(xRange: -5...5, yRange: -2...2, dotsWide: 80, dotsHigh: 80)
        for (column, row) in [(0, 0), (39, 19), (17, 5)] {
            let p = v.dataPoint(column: column, row: row, columns: 40, rows: 20, dotsPerCell: (2, 4))
            XCTAssertEqual(v.cell(x: p.x, y: p.y, columns: 40, rows: 20, dotsPerCell: (2, 4)), Position(x: column, y: row))
        }
        // Data y grows upwards: the top row holds larger y than the bottom row.
        XCTAssertGreaterThan(v.dataPoint(column: 0, row: 0, columns: 40, rows: 20, dotsPerCell: (2, 4)).y,
                             v.dataPoint(column: 0, row: 19, columns: 40, rows: 20, dotsPerCell: (2, 4)).y)
    }

    // MARK: - Ticks

    func testTickValuesAreNiceAndInside() {
        XCTAssertEqual(AxisTicks.values(lower: 0, upper: 10, maxCount: 6), [0, 2, 4, 6, 8, 10])
        let t = AxisTicks.values(lower: -0.37, upper: 0.52, maxCount: 5)
        XCTAssertEqual(t.count, 4)
        XCTAssertEqual(t[0], -0.2, accuracy: 1e-12)
        XCTAssertEqual(t[1], 0)
        XCTAssertEqual(t[3], 0.4, accuracy: 1e-12)
        XCTAssertEqual(AxisTicks.values(lower: 5, upper: 5, maxCount: 4), [])
        XCTAssertEqual(AxisTicks.values(lower: .nan, upper: 5, maxCount: 4), [])
        var rng = TestRandom(seed: 9)
        for _ in 0..<200 {
            let lo = rng.unit() * 2000 - 1000, span = pow(10, rng.unit() * 8 - 4)
            let count = rng.int(2..<12)
            let ticks = AxisTicks.values(lower: lo, upper: lo + span, maxCount: count)
            XCTAssertLessThanOrEqual(ticks.count, count)
            XCTAssertGreaterThanOrEqual(ticks.count, 1, "\(lo) + \(span) with \(count)")
            for v in ticks { XCTAssertTrue(v >= lo - span * 1e-9 && v <= lo + span * (1 + 1e-9)) }
        }
    }

    func testTickLabelsAndPositions() {
        XCTAssertEqual(AxisTicks.label(0.25, step: 0.05), "0.25")
        XCTAssertEqual(AxisTicks.label(1500, step: 500), "1500")
        XCTAssertEqual(AxisTicks.label(-0.0, step: 0.1), "0.0")
        let v = Viewport(centerX: 0, centerY: 0, unitsPerDotX: 0.1, unitsPerDotY: 0.1)
        let xs = AxisTicks.xTicks(v, dotsWide: 100, maxCount: 3)
        XCTAssertEqual(xs.map(\.value), [-5, 0, 5])
        XCTAssertEqual(xs.map(\.dot), [0, 50, 100])
        XCTAssertEqual(xs.map(\.label), ["-5", "0", "5"])
        let ys = AxisTicks.yTicks(v, dotsHigh: 40, maxCount: 3)
        XCTAssertEqual(ys.map(\.value), [2, 0, -2])
        XCTAssertEqual(ys.map(\.dot), [0, 20, 40])
    }
}
