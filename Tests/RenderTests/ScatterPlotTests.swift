import XCTest
@testable import Render

final class ScatterPlotTests: XCTestCase {
    /// A viewport mapping data (x, y) to dot (x, h - 1 - y) centres on a canvas `w × h` dots large.
    func unitViewport(dotsWide w: Int, dotsHigh h: Int) -> Viewport {
        Viewport(centerX: Double(w) / 2 - 0.5, centerY: Double(h) / 2 - 0.5, unitsPerDotX: 1, unitsPerDotY: 1)
    }

    let palette = Palette(depth: .truecolor)

    // MARK: - Colours

    func testCellTakesTheMajorityClass() {
        // One braille cell (2×4 dots): three points of class 2, two of class 1.
        let points: [Float] = [0, 3, 1, 3, 0, 2, 1, 0, 0, 0]
        let plot = ScatterPlot(points: points, coloring: .classes([2, 2, 2, 1, 1]), palette: palette)
        var canvas = BrailleCanvas(width: 1, height: 1)
        plot.draw(on: &canvas, viewport: unitViewport(dotsWide: 2, dotsHigh: 4))
        XCTAssertEqual(canvas.colors[0], palette.classColor(2))
        // Every point's dot is set: rows 0..3 from the top are data y 3..0.
        XCTAssertEqual(canvas.patterns[0], 0b0100_0000 | 0b1000_0000 | 0b0000_0001 | 0b0000_1000 | 0b0000_0010)
    }

    func testTiesGoToTheLowerClassAndUnlabelledPointsCount() {
        let points: [Float] = [0, 0, 1, 0, 0, 1, 1, 1, 0, 2, 1, 2]
        var plot = ScatterPlot(points: points, coloring: .classes([3, 3, 1, 1, -1, -1]), palette: palette)
        var canvas = BrailleCanvas(width: 1, height: 1)
        plot.draw(on: &canvas, viewport: unitViewport(dotsWide: 2, dotsHigh: 4))
        XCTAssertEqual(canvas.colors[0], palette.classColor(1))
        // Missing class entries are unlabelled: 4 unlabelled against 2 of class 3.
        plot.coloring = .classes([3, 3])
        canvas.clear()
        plot.draw(on: &canvas, viewport: unitViewport(dotsWide: 2, dotsHigh: 4))
        XCTAssertEqual(canvas.colors[0], .default)
    }

    func testHiddenClassesAreSkippedAndGreyedClassesDrawnGrey() {
        let points: [Float] = [0, 0, 1, 1, 2, 0, 3, 0]
        let plot = ScatterPlot(points: points, coloring: .classes([0, 0, 1, 2]), palette: palette,
                               hiddenClasses: [2], greyedClasses: [0])
        var canvas = HalfBlockCanvas(width: 4, height: 1)
        plot.draw(on: &canvas, viewport: unitViewport(dotsWide: 4, dotsHigh: 2))
        // Dot rows: data y 1 is the top dot, y 0 the bottom.
        XCTAssertEqual(canvas.dots[4 + 0], palette.greyed)
        XCTAssertEqual(canvas.dots[1], palette.greyed)
        XCTAssertEqual(canvas.dots[4 + 2], palette.classColor(1))
        XCTAssertNil(canvas.dots[4 + 3])
        // Greyed points share a braille cell with one drawn point: the drawn class colours the cell.
        let shared = ScatterPlot(points: [0, 0, 1, 1, 1, 0, 2, 0, 3, 0], coloring: .classes([0, 0, 1, 0, 2]),
                                 palette: palette, greyedClasses: [0])
        var braille = BrailleCanvas(width: 2, height: 1)
        shared.draw(on: &braille, viewport: unitViewport(dotsWide: 4, dotsHigh: 4))
        XCTAssertEqual(braille.colors[0], palette.classColor(1))
        XCTAssertEqual(braille.colors[1], palette.classColor(2))
        XCTAssertEqual(braille.patterns[0], 1 << 6 | 1 << 7 | 1 << 5)
    }

    func testScoresShadeByTheHighestScoreInACell() {
        let points: [Float] = [0, 0, 1, 0, 2, 0, 3, 0]
        let plot = ScatterPlot(points: points, coloring: .scores([0, 1, 0.5, .nan], classes: [], range: nil), palette: palette)
        var canvas = BrailleCanvas(width: 2, height: 1)
        plot.draw(on: &canvas, viewport: unitViewport(dotsWide: 4, dotsHigh: 4))
        XCTAssertEqual(canvas.colors[0], palette.scoreColor(1))
        XCTAssertEqual(canvas.colors[1], palette.scoreColor(0.5))
        var fixed = plot
        fixed.coloring = .scores([0, 1, 0.5, 2], classes: [], range: 0...4)
        fixed.draw(on: &canvas, viewport: unitViewport(dotsWide: 4, dotsHigh: 4))
        XCTAssertEqual(canvas.colors[1], palette.scoreColor(0.5))
    }

    func testManyClassesUseTheSparsePathWithTheSameResult() {
        var rng = TestRandom(seed: 5)
        var points: [Float] = []
        var small: [Int] = []
        for _ in 0..<3000 {
            points += [Float(rng.unit() * 100), Float(rng.unit() * 40)]
            small.append(rng.int(0..<4))
        }
        // Class ids far apart force sparse counting; map them back to compare colours.
        let big = small.map { $0 * 1_000_000 }
        let v = Viewport.fitting(points: points, dotsWide: 100, dotsHigh: 40)
        let dense = ScatterPlot(points: points, coloring: .classes(small), palette: Palette(depth: .mono))
        let sparse = ScatterPlot(points: points, coloring: .classes(big), palette: Palette(depth: .mono))
        var a = BrailleCanvas(width: 50, height: 10), b = BrailleCanvas(width: 50, height: 10)
        var ra = ScatterRaster(plot: dense, dotsWide: 100, dotsHigh: 40, block: (2, 4), viewport: v)
        var rb = ScatterRaster(plot: sparse, dotsWide: 100, dotsHigh: 40, block: (2, 4), viewport: v)
        ra.accumulate()
        rb.accumulate()
        XCTAssertFalse(ra.sparse)
        XCTAssertTrue(rb.sparse)
        XCTAssertEqual(ra.denseWinners(), rb.sparseWinners().map { $0 < 0 ? $0 : ($0 == rb.slots - 2 ? ra.slots - 2 : $0 / 1_000_000) })
        dense.draw(on: &a, viewport: v)
        sparse.draw(on: &b, viewport: v)
        XCTAssertEqual(a.patterns, b.patterns)
    }

    func testPointsOutsideTheViewAndNonFinitePointsAreSkipped() {
        let points: [Float] = [-1, 0, 0, -1, 2, 0, 0, 4, .nan, 0, 0, .infinity, 1, 1]
        let plot = ScatterPlot(points: points, coloring: .uniform(.indexed(3)), palette: palette)
        var canvas = BrailleCanvas(width: 1, height: 1)
        plot.draw(on: &canvas, viewport: unitViewport(dotsWide: 2, dotsHigh: 4))
        XCTAssertEqual(canvas.patterns[0], 1 << 5)  // only (1, 1): right column, third row
        XCTAssertEqual(canvas.colors[0], .indexed(3))
    }

    func testCharacterCanvasCountsPoints() {
        let points: [Float] = Array(repeating: [0.2, 0.2], count: 9).flatMap { $0 } + [1.1, 0.1]
        let plot = ScatterPlot(points: points, coloring: .uniform(.default), palette: palette)
        let buffer = plot.render(kind: .character, columns: 2, rows: 1, viewport: unitViewport(dotsWide: 2, dotsHigh: 1))
        XCTAssertEqual(buffer.textLines(), ["#."])
    }

    // MARK: - Overlays

    func testOverlaysDrawOnTop() {
        let points: [Float] = [0, 0, 3, 3]
        let plot = ScatterPlot(points: points, coloring: .classes([0, 1]), palette: palette, overlays: [
            .path([0, 0, 7, 0], palette: palette),
            .cursor(x: 0, y: 0, palette: palette),
            .mark("A", x: 7, y: 3, palette: palette),
            .ghost(x: 5, y: 3, palette: palette, unicode: false),
        ])
        let v = unitViewport(dotsWide: 8, dotsHigh: 4)
        let buffer = plot.render(kind: .braille, columns: 4, rows: 1, viewport: v)
        XCTAssertEqual(buffer.textLines(), ["┼⣈oA"])
        XCTAssertEqual(buffer[0, 0].attributes, .bold)
        XCTAssertEqual(buffer[3, 0].attributes, [.bold, .reverse])
        XCTAssertEqual(buffer[1, 0].foreground, palette.highlight)  // the path colours its cells
        let ascii = ScatterOverlay.cursor(x: 0, y: 0, palette: palette, unicode: false)
        XCTAssertEqual(ascii, .marker(x: 0, y: 0, cell: Cell("+", foreground: palette.highlight, attributes: .bold)))
    }

    // MARK: - Picking

    func testNearestPointSkipsHiddenClassesAndRespectsTheRadius() {
        let points: [Float] = [0, 0, 10, 0, 0, 3]
        var plot = ScatterPlot(points: points, coloring: .classes([0, 1, 2]), palette: palette)
        let v = Viewport(centerX: 0, centerY: 0, unitsPerDotX: 1, unitsPerDotY: 1)
        XCTAssertEqual(plot.nearestPoint(x: 1, y: 1, viewport: v), 0)
        XCTAssertEqual(plot.nearestPoint(x: 1, y: 2.5, viewport: v), 2)
        // Tall dots: vertical distances count double on screen.
        let pair = ScatterPlot(points: [2, 0, 0, 1.5], coloring: .uniform(.default), palette: palette)
        XCTAssertEqual(pair.nearestPoint(x: 0, y: 0, viewport: v), 1)
        XCTAssertEqual(pair.nearestPoint(x: 0, y: 0, viewport: v, dotAspect: 2), 0)
        plot.hiddenClasses = [0]
        XCTAssertEqual(plot.nearestPoint(x: 1, y: 1, viewport: v), 2)
        XCTAssertNil(plot.nearestPoint(x: 5, y: -20, viewport: v, maxDots: 3))
    }

    // MARK: - Golden plots

    /// Three Gaussian blobs and a path, the same numbers on every platform.
    func blobs() -> ScatterPlot {
        var rng = TestRandom(seed: 11)
        var points: [Float] = []
        var classes: [Int] = []
        let centres: [(Double, Double)] = [(-4, 0), (3, 2), (1, -3)]
        for i in 0..<900 {
            let c = i % 3
            points += [Float(centres[c].0 + rng.normal()), Float(centres[c].1 + rng.normal() * 0.8)]
            classes.append(c)
        }
        return ScatterPlot(points: points, coloring: .classes(classes), palette: Palette(depth: .indexed256), overlays: [
            .path([-4, 0, 3, 2], palette: Palette(depth: .indexed256)),
            .mark("A", x: -4, y: 0, palette: Palette(depth: .indexed256)),
            .mark("B", x: 3, y: 2, palette: Palette(depth: .indexed256)),
        ])
    }

    /// Colours as letters: the three class colours a, b, c, the highlight H, the default `.`.
    func colorKey(_ plot: ScatterPlot) -> (Cell) -> Character {
        let p = plot.palette
        return { cell in
            switch cell.foreground {
            case .default: return "."
            case p.classColor(0): return "a"
            case p.classColor(1): return "b"
            case p.classColor(2): return "c"
            case p.highlight: return "H"
            default: return "?"
            }
        }
    }

    func testGoldenBrailleScatter() {
        let plot = blobs()
        let v = Viewport.fitting(points: plot.points, dotsWide: 120, dotsHigh: 64, dotAspect: 1)
        let buffer = plot.render(kind: .braille, columns: 60, rows: 16, viewport: v)
        Snapshot.assert(Snapshot.text(buffer.textLines(), colors: buffer.styleLines(colorKey(plot))), named: "scatter_braille")
    }

    func testGoldenHalfBlockScatter() {
        var plot = blobs()
        plot.overlays = []
        let v = Viewport.fitting(points: plot.points, dotsWide: 60, dotsHigh: 32, dotAspect: 1)
        let buffer = plot.render(kind: .halfBlock, columns: 60, rows: 16, viewport: v)
        let key = colorKey(plot)
        let backgrounds = buffer.styleLines { key(Cell(" ", foreground: $0.background)) }
        Snapshot.assert(Snapshot.text(buffer.textLines(), colors: buffer.styleLines(key)) + "-- backgrounds --\n"
                        + backgrounds.joined(separator: "\n") + "\n", named: "scatter_halfblock")
    }

    func testGoldenCharacterScatter() {
        var plot = blobs()
        plot.overlays = [.cursor(x: 1, y: -3, palette: plot.palette, unicode: false)]
        let v = Viewport.fitting(points: plot.points, dotsWide: 60, dotsHigh: 16, dotAspect: 2)
        let buffer = plot.render(kind: .character, columns: 60, rows: 16, viewport: v)
        Snapshot.assert(Snapshot.text(buffer.textLines(), colors: buffer.styleLines(colorKey(plot))), named: "scatter_character")
    }
}
