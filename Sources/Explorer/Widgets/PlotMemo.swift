import Foundation
import Render

/// What a frame's plot costs to work out and can be kept between frames: the points rasterised before overlays
/// (a cursor step at a million points redraws only the overlays), and the grid that finds the point under the
/// cursor. Both are kept for the latest coordinates only; like the encoded-image cache, a memo of pure values, so
/// `view` and `update` stay functions of the state.
final class PlotMemo: @unchecked Sendable {
    /// Everything the point layer depends on. The coordinates are compared as arrays: one the state still shares
    /// with the memo compares equal at once (same storage), so an unchanged plot costs no scan.
    struct LayerKey: Equatable {
        var points: [Float]
        /// The score percentiles colouring the points, if any (compared as the coordinates are).
        var scores: [Float]?
        var hidden: Set<Int>
        var greyed: Set<Int>
        var viewport: Viewport
        var columns: Int
        var rows: Int
        var canvas: CanvasKind
        var colors: ColorDepth
    }

    private let lock = NSLock()
    private var layer: (key: LayerKey, value: ScatterPlot.PointLayer)?
    private var grid: (points: [Float], value: PointGrid)?

    /// The point layer for `key`, made by `make` unless it is the one kept.
    func pointLayer(_ key: LayerKey, _ make: () -> ScatterPlot.PointLayer) -> ScatterPlot.PointLayer {
        lock.lock()
        if let kept = layer, kept.key == key { lock.unlock(); return kept.value }
        lock.unlock()
        let value = make()
        lock.lock()
        layer = (key, value)
        lock.unlock()
        return value
    }

    /// The point grid of `points`, built unless it is the one kept.
    func pointGrid(_ points: [Float]) -> PointGrid {
        lock.lock()
        if let kept = grid, kept.points == points { lock.unlock(); return kept.value }
        lock.unlock()
        let value = PointGrid(points: points)
        lock.lock()
        grid = (points, value)
        lock.unlock()
        return value
    }
}
