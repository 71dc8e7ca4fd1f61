// MARK: - ScatterPlot

/// A scatter plot of N points, rasterised onto any `Canvas` through a `Viewport`.
///
/// Each colour block of the canvas (a braille cell, a half-block dot) takes the colour of the majority class
/// among its visible points (ties go to the lower class; unlabelled points, class < 0, count as one more
/// class drawn in the default colour), or with `.scores` the sequential colour of the highest score in it.
/// Points of hidden classes are skipped; points of greyed classes are drawn in the palette's dim grey and
/// colour a block only when no other point falls in it. Overlays are drawn last, in order.
public struct ScatterPlot: Sendable {
    /// How points are coloured.
    public enum Coloring: Sendable {
        /// Class index per point (missing entries count as unlabelled).
        case classes([Int])
        /// A continuous score per point, normalised over `range` (nil: the range of the visible points).
        case scores([Float], classes: [Int], range: ClosedRange<Float>?)
        /// Every point in one colour.
        case uniform(Color)
    }

    /// Interleaved data coordinates: x0, y0, x1, y1, ... (non-finite points are skipped).
    public var points: [Float]
    public var coloring: Coloring
    public var palette: Palette
    public var hiddenClasses: Set<Int>
    public var greyedClasses: Set<Int>
    public var overlays: [ScatterOverlay]

    public init(points: [Float], coloring: Coloring, palette: Palette, hiddenClasses: Set<Int> = [],
                greyedClasses: Set<Int> = [], overlays: [ScatterOverlay] = []) {
        self.points = points
        self.coloring = coloring
        self.palette = palette
        self.hiddenClasses = hiddenClasses
        self.greyedClasses = greyedClasses
        self.overlays = overlays
    }

    /// The number of points.
    public var count: Int { points.count / 2 }

    // MARK: - Drawing

    /// Rasterises the points and overlays onto `canvas` (which is not cleared first).
    public func draw<C: Canvas>(on canvas: inout C, viewport: Viewport) {
        let dotsWide = canvas.dotWidth, dotsHigh = canvas.dotHeight
        guard dotsWide > 0, dotsHigh > 0 else { return }
        var raster = ScatterRaster(plot: self, dotsWide: dotsWide, dotsHigh: dotsHigh,
                                   block: C.colorBlock, viewport: viewport)
        raster.accumulate()
        let blockColors = raster.blockColors()
        raster.paint(on: &canvas, blockColors: blockColors)
        drawOverlays(on: &canvas, viewport: viewport)
    }

    /// The plot drawn on a new canvas of `kind` and `columns × rows` cells, as a cell buffer.
    public func render(kind: CanvasKind, columns: Int, rows: Int, viewport: Viewport,
                       background: Style = .plain) -> CellBuffer {
        InViewport(plot: self, viewport: viewport).render(kind: kind, columns: columns, rows: rows, background: background)
    }

    /// The plot seen through one viewport, as a drawing for any canvas.
    struct InViewport: CanvasDrawing {
        let plot: ScatterPlot
        let viewport: Viewport
        func draw<C: Canvas>(on canvas: inout C) { plot.draw(on: &canvas, viewport: viewport) }
    }

    func drawOverlays<C: Canvas>(on canvas: inout C, viewport: Viewport) {
        let w = canvas.dotWidth, h = canvas.dotHeight
        func dot(_ x: Double, _ y: Double) -> (Int, Int) {
            let d = viewport.dotPosition(x: x, y: y, dotsWide: w, dotsHigh: h)
            return (Viewport.floorInt(d.x), Viewport.floorInt(d.y))
        }
        for overlay in overlays {
            switch overlay {
            case .marker(let x, let y, let cell):
                let (dx, dy) = dot(x, y)
                guard dx >= 0, dy >= 0 else { continue }
                canvas.mark(column: dx / C.dotsPerCell.x, row: dy / C.dotsPerCell.y, cell: cell)
            case .dot(let x, let y, let color):
                let (dx, dy) = dot(x, y)
                canvas.paint(x: dx, y: dy, color: color)
            case .path(let pts, let color):
                var i = 0
                var previous: (Int, Int)?
                while i + 1 < pts.count {
                    let p = dot(pts[i], pts[i + 1])
                    if let q = previous { canvas.line(from: q.0, q.1, to: p.0, p.1, color: color) }
                    else { canvas.paint(x: p.0, y: p.1, color: color) }
                    previous = p
                    i += 2
                }
            }
        }
    }

    // MARK: - Picking

    /// The index of the visible point nearest to data point (`x`, `y`) on screen, within `maxDots` dots
    /// (distances measured in dot widths, vertical ones scaled by `dotAspect`); nil if none.
    public func nearestPoint(x: Double, y: Double, viewport: Viewport, dotAspect: Double = 1,
                             maxDots: Double = .infinity) -> Int? {
        let classes = classLabels
        let sx = 1 / viewport.unitsPerDotX, sy = (dotAspect > 0 ? dotAspect : 1) / viewport.unitsPerDotY
        var best: Int?
        var bestDistance = maxDots * maxDots
        for i in 0..<count {
            let px = Double(points[2 * i]), py = Double(points[2 * i + 1])
            guard px.isFinite, py.isFinite else { continue }
            if !hiddenClasses.isEmpty, let classes, i < classes.count, hiddenClasses.contains(classes[i]) { continue }
            let dx = (px - x) * sx, dy = (py - y) * sy
            let d = dx * dx + dy * dy
            if d < bestDistance || (best == nil && d <= bestDistance) { best = i; bestDistance = d }
        }
        return best
    }

    /// The class of every point, if the colouring has classes.
    var classLabels: [Int]? {
        switch coloring {
        case .classes(let c): return c
        case .scores(_, let c, _): return c
        case .uniform: return nil
        }
    }
}
