import Foundation
import LatentSpace
import Tensors

/// A bundle as the headless analysis commands need it. The manifest is read at once; the data, the models and
/// the encoding of the whole data set are loaded only when a command asks for them, so a cached encoding is
/// found without decompressing the data or parsing the models.
final class LoadedBundle {
    let bundle: ModelBundle
    let cache: AnalysisCache
    private var loadedData: DataSet?
    private var loadedModel: LatentModel?
    private var loadedLabels: [Int]??

    private init(bundle: ModelBundle, cache: AnalysisCache) {
        self.bundle = bundle
        self.cache = cache
    }

    /// Reads and checks the manifest (or the bring-your-own paths) of the options.
    static func load(_ options: BundleOptions) throws -> LoadedBundle {
        let bundle = try options.load()
        guard bundle.latentsFile == nil else {
            throw BundleError(file: "command line", "this command needs a model and data (--latents has no samples to encode)")
        }
        return LoadedBundle(bundle: bundle, cache: options.cache)
    }

    /// The samples and labels, loaded and checked on first use.
    func data() throws -> DataSet {
        if let loadedData { return loadedData }
        var bar: ProgressBar?
        // Without a manifest, the encoder's input tells what a sample is.
        let data = try DataSet.load(for: bundle, model: bundle.sample == nil && bundle.encoder != nil ? model() : nil,
                                    cache: cache, threads: defaultThreadCount,
                                    progress: { done, total in
                                        bar = bar ?? ProgressBar("reading images", total: total)
                                        bar?.update(done: done)
                                    },
                                    note: { printNote("latent: \($0)") })
        bar?.finish()
        loadedData = data
        loadedLabels = .some(data.labels)
        return data
    }

    /// The encoder and decoder, loaded and checked against the manifest on first use.
    func model() throws -> LatentModel {
        if let loadedModel { return loadedModel }
        let model = try LatentModel(bundle: bundle)
        loadedModel = model
        return model
    }

    // MARK: - Encoding

    /// Every sample's code and reconstruction error: from the cache, or computed with a progress bar on stderr
    /// (and then stored).
    func encodeAll() throws -> (encoding: Encoding, fromCache: Bool, key: String) {
        if loadedData == nil, loadedModel == nil, cache.directory != nil {
            let (stored, key) = try EncodingPipeline.lookup(bundle: bundle, cache: cache)
            if let stored {
                // The key leaves out the class names, so the labels are checked against them here too.
                _ = try labels(count: stored.count)
                return (stored, true, key)
            }
        }
        let data = try data()
        let bar = ProgressBar("encoding", total: data.count)
        let result = try EncodingPipeline.cached(model: model(), data: data, cache: cache) { done, _ in
            bar.update(done: done)
        }
        bar.finish()
        if let note = result.note { printNote("latent: \(note)") }
        return (result.encoding, result.fromCache, result.key)
    }

    /// The codes of a few points: from the cached encoding when there is one, else by encoding just those samples
    /// (so `decode --index` does not wait for the whole data set).
    func codes(of indices: [Int]) throws -> [[Float]] {
        let model = try model(), data = try data()
        if let stored = try EncodingPipeline.lookup(model: model, data: data, cache: cache).encoding {
            return indices.map { stored.code($0) }
        }
        return try indices.map { i in Array(try model.encode(data.normalizedBatch(i..<(i + 1))).codes.prefix(model.latentDim)) }
    }

    // MARK: - Points

    /// The labels of `count` points (nil without labels), from the loaded data or read on their own.
    func labels(count: Int) throws -> [Int]? {
        if let loadedLabels { return loadedLabels }
        let labels = try DataSet.loadLabels(for: bundle, count: count, cache: cache)
        loadedLabels = .some(labels)
        return labels
    }

    /// The label name of point `i` ("" without labels).
    func label(_ i: Int, in labels: [Int]?) -> String {
        guard let labels else { return "" }
        let l = labels[i]
        return bundle.classes.flatMap { l < $0.count ? $0[l] : nil } ?? String(l)
    }

    /// The label name of point `i` of the loaded data ("" without labels).
    func label(_ i: Int) throws -> String {
        label(i, in: try data().labels)
    }

    /// Checks a point index from the command line against the data.
    func checkIndex(_ i: Int, flag: String) throws {
        let n = try data().count
        guard i >= 0 && i < n else {
            throw BundleError(file: "command line", "\(flag) \(i) is out of range: the data has \(n) points (0–\(n - 1))")
        }
    }
}

/// Quotes a CSV field when it needs it.
func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
