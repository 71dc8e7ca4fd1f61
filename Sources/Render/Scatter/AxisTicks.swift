import Foundation

// MARK: - AxisTicks

/// "Nice" tick values for an axis: steps of 1, 2 or 5 times a power of ten (Heckbert's labelling).
public enum AxisTicks {
    /// One tick: its data value, its position along the axis in dots (from the left or top), and its label.
    public struct Tick: Equatable, Sendable {
        public var value: Double
        public var dot: Double
        public var label: String
    }

    /// Tick values inside `lower...upper`: the most (at most `maxCount`, at least 2 asked for) on the
    /// smallest step of 1, 2 or 5 × 10^k that fits.
    ///
    /// Returns [] for an empty, reversed or non-finite range.
    public static func values(lower: Double, upper: Double, maxCount: Int) -> [Double] {
        guard lower.isFinite, upper.isFinite, upper > lower else { return [] }
        let count = max(2, maxCount)
        let raw = (upper - lower) / Double(count - 1)
        let magnitude = pow(10, log10(raw).rounded(.down))
        // A step of `raw` or more always fits; a smaller nice step may too, depending on where ticks fall.
        for factor in [1.0, 2, 5, 10, 20] {
            let step = factor * magnitude
            let first = (lower / step).rounded(.up), last = (upper / step).rounded(.down)
            guard last >= first, last - first + 1 <= Double(count) else { continue }
            return stride(from: first, through: last, by: 1).map { k in k == 0 ? 0 : k * step }
        }
        // Only for two ticks on a narrow range: one tick on a multiple of the magnitude (one lies inside).
        let k = (lower / magnitude).rounded(.up)
        return [k == 0 ? 0 : k * magnitude]
    }

    /// The step between ticks, for formatting labels with just enough decimals.
    public static func step(of ticks: [Double]) -> Double {
        ticks.count >= 2 ? ticks[1] - ticks[0] : 1
    }

    /// `value` with as many decimals as the step needs (0 for steps ≥ 1).
    public static func label(_ value: Double, step: Double) -> String {
        let decimals = step >= 1 || !(step > 0) ? 0 : min(10, Int((-log10(step)).rounded(.up)))
        return String(format: "%.\(decimals)f", value == 0 ? 0 : value)
    }

    /// The ticks of the x axis of a plot `dotsWide` dots wide seen through `viewport`.
    public static func xTicks(_ viewport: Viewport, dotsWide: Int, maxCount: Int) -> [Tick] {
        let range = viewport.visibleXRange(dotsWide: dotsWide)
        let values = values(lower: range.lowerBound, upper: range.upperBound, maxCount: maxCount)
        let s = step(of: values)
        return values.map { v in
            Tick(value: v, dot: viewport.dotPosition(x: v, y: viewport.centerY, dotsWide: dotsWide, dotsHigh: 0).x,
                 label: label(v, step: s))
        }
    }

    /// The ticks of the y axis of a plot `dotsHigh` dots high seen through `viewport`, top to bottom.
    public static func yTicks(_ viewport: Viewport, dotsHigh: Int, maxCount: Int) -> [Tick] {
        let range = viewport.visibleYRange(dotsHigh: dotsHigh)
        let values = values(lower: range.lowerBound, upper: range.upperBound, maxCount: maxCount)
        let s = step(of: values)
        return values.reversed().map { v in
            Tick(value: v, dot: viewport.dotPosition(x: viewport.centerX, y: v, dotsWide: 0, dotsHigh: dotsHigh).y,
                 label: label(v, step: s))
        }
    }
}
