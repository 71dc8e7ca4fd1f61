// MARK: - ScatterPlot

/// A scatter plot of N points, rasterised onto any `Canvas` through a `Viewport`.
///
/// Each colour block of the canvas (a braille cell, a half-block dot) takes the colour of the majority class
/// among its visible points (ties go to the lower class; unlabelled points, class < 0, count as one more
/// class drawn in the default colour), or with `.scores` the sequential colour of the highest score in it.
/// Points of hidden classes are skipped; points of greyed classes are drawn in the palette's dim grey and
/// colour a block only when no other point falls in it. From `densityShadingFrom` points on, a class colour is
/// dimmed where few points fall. Overlays are drawn last, in order.
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

    /// From this many points on, a class-coloured block's brightness also shows how many points it holds
    /// (`ScatterRaster.densityBrightness`); below, the braille dots themselves show it.
    public static let densityShadingFrom = 200_000

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

    /// The points alone (no overlays) rasterised on a new canvas of `kind` and `columns × rows` cells: the costly
    /// part of a frame, which a caller can keep while the points, colouring, classes and viewport stay the same.
    public func pointLayer(kind: CanvasKind, columns: Int, rows: Int, viewport: Viewport) -> PointLayer {
        var points = self
        points.overlays = []
        let drawing = InViewport(plot: points, viewport: viewport)
        switch kind {
        case .braille:
            var c = BrailleCanvas(width: columns, height: rows)
            drawing.draw(on: &c)
            return .braille(c)
        case .halfBlock:
            var c = HalfBlockCanvas(width: columns, height: rows)
            drawing.draw(on: &c)
            return .halfBlock(c)
        case .character:
            var c = CharacterCanvas(width: columns, height: rows)
            drawing.draw(on: &c)
            return .character(c)
        }
    }

    /// This plot's overlays drawn over a layer of its points (from `pointLayer` with the same viewport), as a cell
    /// buffer: the same cells as `render`.
    public func render(over layer: PointLayer, viewport: Viewport, background: Style = .plain) -> CellBuffer {
        switch layer {
        case .braille(var c):
            drawOverlays(on: &c, viewport: viewport)
            return c.cellBuffer(background: background)
        case .halfBlock(var c):
            drawOverlays(on: &c, viewport: viewport)
            return c.cellBuffer(background: background)
        case .character(var c):
            drawOverlays(on: &c, viewport: viewport)
            return c.cellBuffer(background: background)
        }
    }

    /// A plot's points rasterised on a canvas, before overlays.
    public enum PointLayer: Sendable {
        case braille(BrailleCanvas)
        case halfBlock(HalfBlockCanvas)
        case character(CharacterCanvas)
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
    /// With a `grid` of these points only the buckets near (`x`, `y`) are looked at; the answer is the same.
    public func nearestPoint(x: Double, y: Double, viewport: Viewport, dotAspect: Double = 1,
                             maxDots: Double = .infinity, grid: PointGrid? = nil) -> Int? {
        let classes = classLabels
        let sx = 1 / viewport.unitsPerDotX, sy = (dotAspect > 0 ? dotAspect : 1) / viewport.unitsPerDotY
        if let grid {
            let hidden = hiddenClasses
            return grid.nearest(x: x, y: y, sx: sx, sy: sy, maxDistance: maxDots, points: points) { i in
                guard !hidden.isEmpty, let classes, i < classes.count else { return true }
                return !hidden.contains(classes[i])
            }
        }
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
