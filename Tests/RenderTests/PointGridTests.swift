import XCTest
@testable import Render

final class PointGridTests: XCTestCase {
    /// Clustered points with some duplicates and a few non-finite ones.
    private func points(_ n: Int, seed: UInt64) -> [Float] {
        var rng = TestRandom(seed: seed)
        var p: [Float] = []
        for i in 0..<n {
            let cluster = Float(i % 5) * 7
            if i % 97 == 0 { p += [.nan, 1]; continue }
            if i % 31 == 0, p.count >= 2 { p += [p[p.count - 2], p[p.count - 1]]; continue }   // a duplicate
            p += [cluster + Float(rng.unit()) * 3, Float(rng.unit()) * 20 - 10]
        }
        return p
    }

    func testNearestEqualsTheScanOfEveryPoint() {
        var rng = TestRandom(seed: 9)
        for (n, seed) in [(1, 1), (2, 2), (50, 3), (3_000, 4)] {
            let pts = points(n, seed: UInt64(seed))
            let classes = (0..<n).map { $0 % 3 }
            let grid = PointGrid(points: pts)
            for hidden in [Set<Int>(), [1], [0, 1, 2]] {
                let plot = ScatterPlot(points: pts, coloring: .classes(classes), palette: Palette(depth: .indexed256),
                                       hiddenClasses: hidden)
                for _ in 0..<200 {
                    let viewport = Viewport(centerX: 14, centerY: 0, unitsPerDotX: 0.05 + rng.unit(),
                                            unitsPerDotY: 0.05 + rng.unit())
                    let x = rng.unit() * 50 - 10, y = rng.unit() * 40 - 20
                    let maxDots: Double = rng.unit() < 0.3 ? 4 : .infinity
                    let scan = plot.nearestPoint(x: x, y: y, viewport: viewport, dotAspect: 2, maxDots: maxDots)
                    let fast = plot.nearestPoint(x: x, y: y, viewport: viewport, dotAspect: 2, maxDots: maxDots, grid: grid)
                    XCTAssertEqual(fast, scan, "n \(n), hidden \(hidden), query (\(x), \(y))")
                }
            }
        }
    }

    func testNoFinitePointsFindNothing() {
        let grid = PointGrid(points: [.nan, 0, .infinity, 1])
        XCTAssertNil(grid.nearest(x: 0, y: 0, sx: 1, sy: 1, points: [.nan, 0, .infinity, 1]) { _ in true })
        XCTAssertNil(PointGrid(points: []).nearest(x: 0, y: 0, sx: 1, sy: 1, points: []) { _ in true })
    }

    func testThePointLayerWithOverlaysDrawsWhatRenderDraws() {
        let pts = points(2_000, seed: 5)
        let classes = (0..<1_000).map { $0 % 4 }   // half the points unlabelled
        let palette = Palette(depth: .indexed256)
        let plot = ScatterPlot(points: pts, coloring: .classes(classes), palette: palette, greyedClasses: [2],
                               overlays: [.cursor(x: 3, y: 1, palette: palette, unicode: true),
                                          .path(points: [0, 0, 20, 5, 30, -5], color: .indexed(9))])
        let viewport = Viewport.fitting(points: pts, dotsWide: 120, dotsHigh: 120)
        for kind in CanvasKind.allCases {
            let layer = plot.pointLayer(kind: kind, columns: 60, rows: 30, viewport: viewport)
            XCTAssertEqual(plot.render(over: layer, viewport: viewport),
                           plot.render(kind: kind, columns: 60, rows: 30, viewport: viewport), "\(kind)")
        }
    }

    func testDenseDataIsShadedByDensity() {
        // one class: a dense core and a sparse halo, enough points for density shading
        let n = ScatterPlot.densityShadingFrom
        var rng = TestRandom(seed: 3)
        var pts = [Float]()
        pts.reserveCapacity(2 * n)
        for i in 0..<n {
            let spread: Float = i % 10 == 0 ? 10 : 1
            pts += [Float(rng.unit() - 0.5) * spread, Float(rng.unit() - 0.5) * spread]
        }
        let plot = ScatterPlot(points: pts, coloring: .classes([Int](repeating: 0, count: n)),
                               palette: Palette(depth: .truecolor))
        let viewport = Viewport.fitting(points: pts, dotsWide: 40, dotsHigh: 80)
        let cells = plot.render(kind: .braille, columns: 20, rows: 20, viewport: viewport)
        var colours: [Color] = []
        for row in 0..<20 { for column in 0..<20 { colours.append(cells[column, row].foreground) } }
        XCTAssert(colours.contains(Palette(depth: .truecolor).classColor(0)), "the densest block is at full brightness")
        guard case .rgb(let r, _, _) = cells[1, 10].foreground else {
            return XCTFail("the halo has no class colour: \(cells[1, 10])")
        }
        XCTAssertLessThan(r, 95, "the sparse halo is dimmer than the class colour")
        let few = ScatterPlot(points: Array(pts.prefix(2_000)), coloring: .classes([Int](repeating: 0, count: 1_000)),
                              palette: Palette(depth: .truecolor))
        let plain = few.render(kind: .braille, columns: 20, rows: 20, viewport: viewport)
        for row in 0..<20 {
            for column in 0..<20 where plain[column, row].symbol != " " {
                XCTAssertEqual(plain[column, row].foreground, Palette(depth: .truecolor).classColor(0))
            }
        }
    }
}
