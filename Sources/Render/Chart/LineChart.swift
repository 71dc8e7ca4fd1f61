// MARK: - LineChart

/// A series of values (a vector sample, such as one row of tabular data or a spectrum) drawn as a line on a
/// canvas: the index runs left to right over the whole width, the value bottom to top over a fixed range, and
/// neighbouring values are joined by straight lines.
///
/// A fixed range (the sample range of the bundle) rather than the series' own minimum and maximum keeps two
/// charts comparable: an input and its reconstruction, or the frames of an interpolation. Values outside the
/// range are drawn at its edge; non-finite values leave a gap in the line.
public struct LineChart: CanvasDrawing, Sendable {
    public var values: [Float]
    public var range: ClosedRange<Float>
    public var color: Color

    public init(values: [Float], range: ClosedRange<Float>, color: Color = .default) {
        self.values = values
        self.range = range
        self.color = color
    }

    /// The dot (x, y) of value `i` on a canvas `dotsWide × dotsHigh` dots, or nil for a non-finite value.
    func dot(_ i: Int, dotsWide: Int, dotsHigh: Int) -> (x: Int, y: Int)? {
        let v = values[i]
        guard v.isFinite else { return nil }
        let n = values.count
        let x = n == 1 ? (dotsWide - 1) / 2 : Int((Double(i) * Double(dotsWide - 1) / Double(n - 1)).rounded())
        let span = Double(range.upperBound) - Double(range.lowerBound)
        // A degenerate range puts every value on the middle line.
        let fraction = span > 0 ? (Double(range.upperBound) - Double(v)) / span : 0.5
        let y = Int((min(1, max(0, fraction)) * Double(dotsHigh - 1)).rounded())
        return (x, y)
    }

    /// Draws the line on `canvas` (which is not cleared first).
    public func draw<C: Canvas>(on canvas: inout C) {
        SequenceChart(series: [(values, color)], features: 1, range: range).draw(on: &canvas)
    }
}
