import Foundation
import Tensors

/// The samples of a bundle (as stored, e.g. uint8 pixels) with their labels, validated against the manifest.
public struct DataSet: Sendable {
    /// The samples as stored, shape `[N] + sample.shape`.
    public let samples: Tensor
    /// One label per sample, each in `0..<classCount`, or nil when the data has none.
    public let labels: [Int]?
    /// What one sample looks like (from the manifest, or inferred from the array for bring-your-own).
    public let sample: ModelBundle.Sample
    /// Stored values are divided by this to reach the sample range.
    public let scale: Float
    /// What the encoder's input is normalised by, if anything (from the data source).
    public var normalization: Normalization?

    /// The number of samples.
    public var count: Int { samples.shape.first ?? 0 }

    /// Loads and checks a bundle's samples and labels.
    ///
    /// - Parameters:
    ///   - model: without a manifest's sample, the model whose encoder input tells what a sample is.
    ///   - cache: where decoded image folders are kept (array files are read directly).
    ///   - threads: threads decoding an image folder.
    ///   - progress: called with (images done, total) while an image folder is decoded.
    ///   - note: one-line remarks for the user (files skipped, images resized or left out).
    /// - Throws: `BundleError` or `TensorIOError` naming the file and what does not fit: a missing array, a shape
    ///   that differs from `sample.shape`, labels of the wrong count or out of range of `classes`, NaN or Inf, an
    ///   image that cannot be decoded.
    public static func load(for bundle: ModelBundle, model: LatentModel? = nil,
                            cache: AnalysisCache = AnalysisCache(directory: nil),
                            threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                            progress: (Int, Int) -> Void = { _, _ in },
                            note: (String) -> Void = { _ in }) throws -> DataSet {
        guard let source = bundle.data else {
            throw BundleError(file: bundle.name, "the bundle has no data (samples) to load")
        }
        if source.isFolder {
            return try loadFolder(for: bundle, source: source, cache: cache, threads: max(1, threads),
                                  progress: progress, note: note)
        }
        let file = source.file
        let isArchive = file.pathExtension.lowercased() == "npz"
        var x = isArchive ? try NPZ.read(file, array: source.x) : try NPY.read(file)
        let where_ = isArchive ? "\(file.path):\(source.x)" : file.path
        guard x.rank >= 2, x.shape[0] >= 1 else {
            throw BundleError(file: where_, "samples must be an array of shape [N, ...] with N ≥ 1 (got \(x.shape))")
        }
        let n = x.shape[0]
        let sample = try bundle.sample ?? SampleFeeding.infer(dataShape: x.shape, model: model, hint: bundle.layoutHint, dataFile: where_)
        let perSample = x.count / n
        guard perSample == sample.size else {
            throw BundleError(file: where_, "each sample has \(perSample) values (shape \(Array(x.shape.dropFirst()))) but 'sample.shape' \(sample.shape) needs \(sample.size)")
        }
        x = try x.reshaped([n] + sample.shape)
        if let bad = firstNonFinite(x) {
            throw BundleError(file: where_, "sample \(bad / perSample) holds a NaN or infinite value (element \(bad % perSample))")
        }
        let scale = source.inferScale && x.dtype == .uint8 ? 255 : source.xScale

        let labels = try loadLabels(for: bundle, count: n)
        return try DataSet(samples: x, labels: labels, sample: sample, scale: scale).normalized(by: source.normalization)
    }

    /// Loads and checks only a bundle's labels for `n` samples, without reading the samples; nil when the bundle
    /// has none.
    ///
    /// An image folder's labels come from its decoded images (read from `cache` when it holds them).
    /// - Throws: `BundleError` or `TensorIOError` naming the file when the labels do not fit (see `readLabels`).
    public static func loadLabels(for bundle: ModelBundle, count n: Int,
                                  cache: AnalysisCache = AnalysisCache(directory: nil)) throws -> [Int]? {
        guard let source = bundle.data else { return nil }
        if source.isFolder {
            let data = try load(for: bundle, cache: cache)
            guard data.count == n else {
                throw BundleError(file: source.file.path, "the folder holds \(data.count) images but the encoding has \(n) points")
            }
            return data.labels
        }
        if let y = source.y, source.file.pathExtension.lowercased() == "npz" {
            return try readLabels(NPZ.read(source.file, array: y), count: n, file: "\(source.file.path):\(y)",
                                  classes: bundle.classes)
        }
        if let labelsFile = source.labelsFile {
            guard labelsFile.pathExtension.lowercased() == "npz" else {
                return try readLabels(NPY.read(labelsFile), count: n, file: labelsFile.path, classes: bundle.classes)
            }
            let name = source.labelsArray ?? "y"
            return try readLabels(NPZ.read(labelsFile, array: name), count: n, file: "\(labelsFile.path):\(name)",
                                  classes: bundle.classes)
        }
        return nil
    }

    /// Samples `range` as the encoder takes them: scaled to the sample range, then normalised when the data has a
    /// `normalization`, as a float32 batch `[count] + sample.shape`.
    public func normalizedBatch(_ range: Range<Int>) -> Tensor {
        guard let normalization else { return batch(range) }
        var values = batch(range).floatValues()
        normalization.normalize(&values, sample: sample)
        return (try? Tensor(shape: [range.count] + sample.shape, floats: values)) ?? Tensor.scalar(0)
    }

    /// Samples `range` scaled to the sample range, not normalised (as they are drawn), as a float32 batch
    /// `[count] + sample.shape`.
    ///
    /// Only the samples in `range` are converted (the stored array is not copied).
    public func batch(_ range: Range<Int>) -> Tensor {
        let per = sample.size
        let elements = (range.lowerBound * per)..<(range.upperBound * per)
        let values: [Float]
        switch samples.storage {
        case .uint8(let a): values = Self.scaled(a, elements, by: scale) { Float($0) }
        case .float32(let a): values = scale == 1 ? Array(a[elements]) : Self.scaled(a, elements, by: scale) { $0 }
        case .float64(let a): values = Self.scaled(a, elements, by: scale) { Float($0) }
        case .int64(let a): values = Self.scaled(a, elements, by: scale) { Float($0) }
        case .int32(let a): values = Self.scaled(a, elements, by: scale) { Float($0) }
        case .bool(let a): values = Self.scaled(a, elements, by: scale) { $0 ? 1 : 0 }
        }
        // The sizes were checked when the data was loaded.
        return (try? Tensor(shape: [range.count] + sample.shape, floats: values)) ?? Tensor.scalar(0)
    }

    /// `source[elements]` converted to floats and divided by `divisor` (a division, not a multiplication by the
    /// inverse, so the values are exactly numpy's `x / scale`).
    @inline(__always)
    private static func scaled<T>(_ source: [T], _ elements: Range<Int>, by divisor: Float,
                                  _ convert: (T) -> Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: elements.count) { out, initialized in
            source.withUnsafeBufferPointer { a in
                var k = 0
                for i in elements { out[k] = convert(a[i]) / divisor; k += 1 }
            }
            initialized = elements.count
        }
    }

    /// The data with a normalisation for the encoder's input, checked against the sample's channels.
    ///
    /// - Throws: `BundleError` when the values do not fit (see `Normalization.problems`).
    func normalized(by normalization: Normalization?) throws(BundleError) -> DataSet {
        guard let normalization else { return self }
        let problems = normalization.problems(for: sample, names: ("the mean", "the standard deviation"))
        if !problems.isEmpty { throw BundleError(file: "data.mean/data.std (--mean/--std)", problems: problems) }
        var data = self
        data.normalization = normalization
        return data
    }

    /// How many samples carry each label (empty when there are no labels).
    public func labelCounts() -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for l in labels ?? [] { counts[l, default: 0] += 1 }
        return counts
    }

    // MARK: - Checks

    /// A sample description for an array without a manifest or model: [N, H, W], [N, C, H, W] and [N, H, W, C]
    /// are images, [N, D] vectors.
    public static func inferSample(from shape: [Int]) -> ModelBundle.Sample {
        SampleFeeding.describe(Array(shape.dropFirst()), hint: nil, twoDimensionalImages: true)
    }

    static func firstNonFinite(_ t: Tensor) -> Int? {
        switch t.storage {
        case .float32(let a): return a.firstIndex { !$0.isFinite }
        case .float64(let a): return a.firstIndex { !$0.isFinite }
        default: return nil
        }
    }

    /// Checks and converts a labels array: one whole number per sample, from 0, below the class count.
    public static func readLabels(_ y: Tensor, count n: Int, file: String, classes: [String]?) throws -> [Int] {
        guard y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else {
            throw BundleError(file: file, "labels must be a 1-d array, got shape \(y.shape)")
        }
        guard y.count == n else {
            throw BundleError(file: file, "there are \(y.count) labels for \(n) samples")
        }
        if y.dtype == .float32 || y.dtype == .float64 {
            let f = y.floatValues()
            if let i = f.firstIndex(where: { !$0.isFinite || $0 != $0.rounded() }) {
                throw BundleError(file: file, "label \(i) is \(f[i]), labels must be whole numbers")
            }
        }
        let values = y.int64Values()
        if let i = values.firstIndex(where: { $0 < 0 || $0 > 1_000_000 }) {
            throw BundleError(file: file, "label \(i) is \(values[i]), labels must be class indices from 0")
        }
        let labels = values.map { Int($0) }
        if let classes, let top = labels.max(), top >= classes.count {
            throw BundleError(file: file, "labels go up to \(top) but 'classes' names only \(classes.count) classes")
        }
        return labels
    }
}
