// MARK: - SequenceChart

/// Sequences of T steps × F features (row-major, as a sequence model takes them) drawn as line charts: one band
/// per feature stacked top to bottom when the canvas is tall enough (all features in one band otherwise), and
/// several series (an input and its reconstruction) overlaid in their own colours.
///
/// Every band shares the sample range, so bands and series stay comparable, as in `LineChart`.
public struct SequenceChart: CanvasDrawing, Sendable {
    /// Each series: T × F values and its colour.
    public var series: [(values: [Float], color: Color)]
    public var features: Int
    public var range: ClosedRange<Float>

    public init(series: [(values: [Float], color: Color)], features: Int, range: ClosedRange<Float>) {
        self.series = series
        self.features = max(1, features)
        self.range = range
    }

    /// Dots of height a band needs to show a line.
    static let minimumBandDots = 8

    public func draw<C: Canvas>(on canvas: inout C) {
        let w = canvas.dotWidth, h = canvas.dotHeight
        guard w > 0, h > 0 else { return }
        let stacked = features > 1 && h / features >= Self.minimumBandDots
        let bands = stacked ? features : 1
        for (values, color) in series {
            let steps = values.count / features
            guard steps > 0 else { continue }
            for f in 0..<features {
                let band = stacked ? f : 0
                let top = band * h / bands, height = (band + 1) * h / bands - top
                let line = LineChart(values: (0..<steps).map { values[$0 * features + f] }, range: range, color: color)
                var previous: (x: Int, y: Int)?
                for i in 0..<steps {
                    let here = line.dot(i, dotsWide: w, dotsHigh: height).map { (x: $0.x, y: $0.y + top) }
                    switch (previous, here) {
                    case let (p?, q?): canvas.line(from: p.x, p.y, to: q.x, q.y, color: color)
                    case let (nil, q?): canvas.paint(x: q.x, y: q.y, color: color)
                    default: break
                    }
                    previous = here
                }
            }
        }
    }
}
