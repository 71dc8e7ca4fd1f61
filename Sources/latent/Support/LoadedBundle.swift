import Foundation
import LatentSpace
import Tensors

/// A bundle with its data, model and encoding loaded, as the headless analysis commands need it.
struct LoadedBundle {
    let bundle: ModelBundle
    let model: LatentModel
    let data: DataSet
    let encoding: Encoding
    let fromCache: Bool

    /// Loads everything, encoding with a progress bar on stderr (or reading the cache).
    static func load(_ options: BundleOptions) throws -> LoadedBundle {
        let bundle = try options.load()
        guard bundle.latentsFile == nil else {
            throw BundleError(file: "command line", "this command needs a model and data (--latents has no samples to encode)")
        }
        let data = try DataSet.load(for: bundle)
        let model = try LatentModel(bundle: bundle)
        let bar = ProgressBar("encoding", total: data.count)
        let result = try EncodingPipeline.cached(model: model, data: data, cache: options.cache) { done, _ in
            bar.update(done: done)
        }
        bar.finish()
        if let note = result.note { printNote("latent: \(note)") }
        return LoadedBundle(bundle: bundle, model: model, data: data, encoding: result.encoding, fromCache: result.fromCache)
    }

    /// The label name of point `i` ("" without labels).
    func label(_ i: Int) -> String {
        guard let labels = data.labels else { return "" }
        let l = labels[i]
        return bundle.classes.flatMap { l < $0.count ? $0[l] : nil } ?? String(l)
    }

    /// Checks a point index from the command line.
    func checkIndex(_ i: Int, flag: String) throws {
        guard i >= 0 && i < data.count else {
            throw BundleError(file: "command line", "\(flag) \(i) is out of range: the data has \(data.count) points (0–\(data.count - 1))")
        }
    }
}

/// Quotes a CSV field when it needs it.
func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
