/// Per-channel input normalisation (ImageNet-style): the encoder takes `(x − mean) / std` of each sample scaled to
/// the sample range, and what the decoder gives back is taken to be normalised the same way, so it is turned back
/// (`x · std + mean`) before it is drawn or compared with the input.
public struct Normalization: Sendable, Equatable {
    /// One value for every channel, or one per channel.
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// The problems with these values for samples like `sample` (empty when they fit): counts of 1 or the image's
    /// channels, finite values, positive standard deviations. Fields are named by `names` (e.g. `data.mean`).
    public func problems(for sample: ModelBundle.Sample?, names: (mean: String, std: String)) -> [String] {
        var problems: [String] = []
        let channels = sample?.imageSize?.channels ?? 1
        for (name, values) in [(names.mean, mean), (names.std, std)] where values.count != 1 && values.count != channels {
            problems.append("\(name) has \(values.count) values; give 1, or one per channel (\(channels))")
        }
        if !(mean + std).allSatisfy(\.isFinite) { problems.append("\(names.mean) and \(names.std) must be finite numbers") }
        if std.contains(where: { !($0 > 0) }) { problems.append("\(names.std) must be positive") }
        return problems
    }

    /// Normalises `values`, whole samples shaped like `sample`, in place.
    public func normalize(_ values: inout [Float], sample: ModelBundle.Sample) {
        apply(&values, sample: sample) { x, m, s in (x - m) / s }
    }

    /// Undoes `normalize` in place.
    public func denormalize(_ values: inout [Float], sample: ModelBundle.Sample) {
        apply(&values, sample: sample) { x, m, s in x * s + m }
    }

    private func apply(_ values: inout [Float], sample: ModelBundle.Sample, _ f: (Float, Float, Float) -> Float) {
        let size = sample.size
        guard size > 0 else { return }
        let (channels, plane) = sample.imageSize.map { ($0.channels, $0.height * $0.width) } ?? (1, size)
        let channelsLast = sample.layout == .nhwc
        values.withUnsafeMutableBufferPointer { v in
            for i in 0..<v.count {
                let offset = i % size
                let c = channels == 1 ? 0 : channelsLast ? offset % channels : offset / plane
                v[i] = f(v[i], mean[mean.count == 1 ? 0 : c], std[std.count == 1 ? 0 : c])
            }
        }
    }
}
