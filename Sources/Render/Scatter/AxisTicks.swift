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

    /// Tick values inside `lower...upper`, at most `maxCount` of them (at least 2 asked for), on a nice step.
    ///
    /// Returns [] for an empty, reversed or non-finite range.
    public static func values(lower: Double, upper: Double, maxCount: Int) -> [Double] {
        guard lower.isFinite, upper.isFinite, upper > lower else { return [] }
        let count = max(2, maxCount)
        var step = niceStep((upper - lower) / Double(count - 1))
        var first = (lower / step).rounded(.up) * step
        // The nice step can round down and give one tick too many; widen it until the ticks fit.
        while Int(((upper - first) / step).rounded(.down)) + 1 > count {
            step = niceStep(step * 1.5)
            first = (lower / step).rounded(.up) * step
        }
        var ticks: [Double] = []
        var v = first
        while v <= upper + step * 1e-9 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v = first + Double(ticks.count) * step
        }
        return ticks
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

    /// The nice number (1, 2 or 5 × 10^k) nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let f = raw / magnitude
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        return nice * magnitude
    }
}
