import LatentSpace
import Render

/// How a sample's values become something to draw: an image in either layout, or a line chart of its steps and
/// features. One place for both the explorer's panes and the headless commands.
extension ModelBundle.Sample {
    /// The image of one sample's values (in the sample range, mapped to [0, 1]); nil for sequences and vectors.
    public func image(_ values: [Float]) -> Image? {
        guard let (channels, height, width) = imageSize, values.count == size else { return nil }
        let lo = range.lowerBound, span = range.upperBound - range.lowerBound
        let unit = span == 1 && lo == 0 ? values : values.map { ($0 - lo) / span }
        // Channels last is already the image's interleaved order; channels first is planar.
        if layout == .nhwc { return try? Image(width: width, height: height, channels: channels, pixels: unit) }
        return try? Image(planar: unit, channels: channels, height: height, width: width)
    }

    /// A line chart of samples (each T × F values; a vector is one feature), overlaid in `colors` in turn.
    public func chart(_ samples: [[Float]], colors: [Color]) -> SequenceChart? {
        guard let series, !samples.isEmpty else { return nil }
        let traces = samples.enumerated().map { (k, values) in (values: values, color: colors.isEmpty ? .default : colors[k % colors.count]) }
        return SequenceChart(series: traces, features: series.features, range: range)
    }
}
