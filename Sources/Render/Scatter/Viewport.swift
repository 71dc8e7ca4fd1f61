// MARK: - Viewport

/// Which part of the data plane a plot shows: the data point at the plot's centre and how many data units
/// one dot spans horizontally and vertically.
///
/// Data y grows upwards, dot y downwards. The viewport does not know the plot's size: every mapping takes the
/// plot size in dots, so a resize keeps the centre and the zoom. For an undistorted plot the vertical units per
/// dot are the horizontal ones times the dot aspect (a dot's height over its width on screen; see
/// `dotAspect(cellSize:dotsPerCell:)`).
public struct Viewport: Equatable, Sendable {
    public var centerX: Double
    public var centerY: Double
    /// Data units per dot horizontally (> 0).
    public var unitsPerDotX: Double
    /// Data units per dot vertically (> 0).
    public var unitsPerDotY: Double

    public init(centerX: Double, centerY: Double, unitsPerDotX: Double, unitsPerDotY: Double) {
        self.centerX = centerX
        self.centerY = centerY
        self.unitsPerDotX = Self.positive(unitsPerDotX)
        self.unitsPerDotY = Self.positive(unitsPerDotY)
    }

    // MARK: - Fitting

    /// The viewport that shows the ranges with `margin` (a fraction of each span) around them.
    ///
    /// With `preserveAspect` one data unit has the same length on screen in both directions (the smaller
    /// scale wins, so both ranges stay visible). Empty or degenerate ranges get a span of 1.
    public static func fitting(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, dotsWide: Int, dotsHigh: Int,
                               dotAspect: Double = 1, margin: Double = 0.05, preserveAspect: Bool = true) -> Viewport {
        let w = Double(max(1, dotsWide)), h = Double(max(1, dotsHigh))
        let aspect = dotAspect.isFinite && dotAspect > 0 ? dotAspect : 1
        var spanX = xRange.upperBound - xRange.lowerBound, spanY = yRange.upperBound - yRange.lowerBound
        if !(spanX > 0) || !spanX.isFinite { spanX = 1 }
        if !(spanY > 0) || !spanY.isFinite { spanY = 1 }
        let m = 1 + 2 * max(0, margin)
        var ux = spanX * m / w, uy = spanY * m / h
        if preserveAspect {
            // One screen unit: ux per dot across, uy / aspect per dot-width down.
            let unit = max(ux, uy / aspect)
            ux = unit
            uy = unit * aspect
        }
        let cx = (xRange.lowerBound + xRange.upperBound) / 2, cy = (yRange.lowerBound + yRange.upperBound) / 2
        return Viewport(centerX: cx.isFinite ? cx : 0, centerY: cy.isFinite ? cy : 0, unitsPerDotX: ux, unitsPerDotY: uy)
    }

    /// The viewport that shows every finite point of `points` (interleaved x, y); see
    /// `fitting(xRange:yRange:dotsWide:dotsHigh:dotAspect:margin:preserveAspect:)`.
    public static func fitting(points: [Float], dotsWide: Int, dotsHigh: Int, dotAspect: Double = 1,
                               margin: Double = 0.05, preserveAspect: Bool = true) -> Viewport {
        var minX = Float.infinity, maxX = -Float.infinity, minY = Float.infinity, maxY = -Float.infinity
        var i = 0
        while i + 1 < points.count {
            let x = points[i], y = points[i + 1]
            if x.isFinite && y.isFinite {
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
            i += 2
        }
        if minX > maxX { minX = 0; maxX = 0; minY = 0; maxY = 0 }
        return fitting(xRange: Double(minX)...Double(maxX), yRange: Double(minY)...Double(maxY), dotsWide: dotsWide,
                       dotsHigh: dotsHigh, dotAspect: dotAspect, margin: margin, preserveAspect: preserveAspect)
    }

    /// A dot's height over its width on screen, for cells of `cellSize` pixels split into `dotsPerCell` dots.
    public static func dotAspect(cellSize: PixelSize, dotsPerCell: (x: Int, y: Int)) -> Double {
        guard cellSize.width > 0, cellSize.height > 0, dotsPerCell.x > 0, dotsPerCell.y > 0 else { return 1 }
        return (Double(cellSize.height) / Double(dotsPerCell.y)) / (Double(cellSize.width) / Double(dotsPerCell.x))
    }

    // MARK: - Zoom and pan

    /// The viewport zoomed in by `factor` (> 1 zooms in, < 1 out) keeping the data point (`x`, `y`) at the
    /// same place on screen.
    public func zoomed(by factor: Double, aroundX x: Double, y: Double) -> Viewport {
        guard factor.isFinite, factor > 0 else { return self }
        return Viewport(centerX: x - (x - centerX) / factor, centerY: y - (y - centerY) / factor,
                        unitsPerDotX: unitsPerDotX / factor, unitsPerDotY: unitsPerDotY / factor)
    }

    /// The viewport zoomed in by `factor` around its centre.
    public func zoomed(by factor: Double) -> Viewport {
        zoomed(by: factor, aroundX: centerX, y: centerY)
    }

    /// The viewport moved by `dx` dots to the right and `dy` dots down (screen directions).
    public func panned(dx: Double, dy: Double) -> Viewport {
        Viewport(centerX: centerX + dx * unitsPerDotX, centerY: centerY - dy * unitsPerDotY,
                 unitsPerDotX: unitsPerDotX, unitsPerDotY: unitsPerDotY)
    }

    // MARK: - Mapping

    /// The continuous dot coordinates of a data point on a plot of `dotsWide × dotsHigh` dots: the point lies
    /// in dot (`floor(x)`, `floor(y)`).
    public func dotPosition(x: Double, y: Double, dotsWide: Int, dotsHigh: Int) -> (x: Double, y: Double) {
        (Double(dotsWide) / 2 + (x - centerX) / unitsPerDotX, Double(dotsHigh) / 2 - (y - centerY) / unitsPerDotY)
    }

    /// The data point at continuous dot coordinates (use `dot + 0.5` for a dot's centre).
    public func dataPoint(dotX: Double, dotY: Double, dotsWide: Int, dotsHigh: Int) -> (x: Double, y: Double) {
        (centerX + (dotX - Double(dotsWide) / 2) * unitsPerDotX, centerY - (dotY - Double(dotsHigh) / 2) * unitsPerDotY)
    }

    /// The data point at the centre of a cell of a plot `columns × rows` cells large with `dotsPerCell` dots
    /// per cell (for mouse clicks and the cursor).
    public func dataPoint(column: Int, row: Int, columns: Int, rows: Int,
                          dotsPerCell: (x: Int, y: Int)) -> (x: Double, y: Double) {
        dataPoint(dotX: (Double(column) + 0.5) * Double(dotsPerCell.x), dotY: (Double(row) + 0.5) * Double(dotsPerCell.y),
                  dotsWide: columns * dotsPerCell.x, dotsHigh: rows * dotsPerCell.y)
    }

    /// The cell a data point falls in (may be outside the plot).
    public func cell(x: Double, y: Double, columns: Int, rows: Int, dotsPerCell: (x: Int, y: Int)) -> Position {
        let d = dotPosition(x: x, y: y, dotsWide: columns * dotsPerCell.x, dotsHigh: rows * dotsPerCell.y)
        return Position(x: Self.floorInt(d.x / Double(dotsPerCell.x)), y: Self.floorInt(d.y / Double(dotsPerCell.y)))
    }

    /// The data x range visible on a plot `dotsWide` dots wide.
    public func visibleXRange(dotsWide: Int) -> ClosedRange<Double> {
        let half = Double(dotsWide) / 2 * unitsPerDotX
        return (centerX - half)...(centerX + half)
    }

    /// The data y range visible on a plot `dotsHigh` dots high.
    public func visibleYRange(dotsHigh: Int) -> ClosedRange<Double> {
        let half = Double(dotsHigh) / 2 * unitsPerDotY
        return (centerY - half)...(centerY + half)
    }

    // MARK: - Helpers

    static func positive(_ v: Double) -> Double { v.isFinite && v > 0 ? v : 1 }

    /// `floor(v)` as an Int, saturating far outside the Int range and mapping NaN to Int.min.
    @inline(__always)
    static func floorInt(_ v: Double) -> Int {
        guard v > -9e15 else { return -9_000_000_000_000_000 }
        guard v < 9e15 else { return 9_000_000_000_000_000 }
        return Int(v.rounded(.down))
    }
}
