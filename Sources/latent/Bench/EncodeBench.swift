import Foundation
import LatentSpace
import Tensors

/// `latent bench` suite `encode`: the default bundle (models/fashion-mnist-vae, 10,000 images) end to end, in-process:
/// loading, the encoding pipeline (encode, decode, reconstruction errors) and its stages, and a cache hit.
///
/// Run from the repository root (as `make bench` does); elsewhere the suite says so and measures nothing.
enum EncodeBench {
    static func run(threads: Int) throws -> [BenchMeasurement] {
        Linalg.setThreads(threads)
        let url = URL(fileURLWithPath: defaultBundlePath)
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("bundle.json").path) else {
            printNote("bench encode: skipped, \(defaultBundlePath) not found (run from the repository root)")
            return []
        }
        var bundle: ModelBundle!
        var data: DataSet!
        var model: LatentModel!
        let load = try medianSeconds(repeats: 5) {
            bundle = try ModelBundle.load(url)
            data = try DataSet.load(for: bundle)
            model = try LatentModel(bundle: bundle)
        }
        let n = data.count

        // MARK: Stages of the pipeline, then the whole of it.
        let scale = medianSeconds(repeats: 5) {
            var start = 0
            while start < n {
                _ = data.normalizedBatch(start..<min(n, start + EncodingPipeline.defaultBatchSize))
                start += EncodingPipeline.defaultBatchSize
            }
        }
        let x = data.normalizedBatch(0..<n)
        var codes: [Float] = []
        let encode = try medianSeconds(repeats: 3) { codes = try model.encode(x).codes }
        let decode = try medianSeconds(repeats: 3) { _ = try model.decode(codes, count: n) }
        var encoding: Encoding!
        let pipeline = try medianSeconds(repeats: 3) { encoding = try EncodingPipeline.run(model: model, data: data) }
        // Other batch sizes, to show the default is a good one.
        let sizes = [100, 250, 1000, 2500]
        let bySize = try sizes.map { size in
            try medianSeconds(repeats: 3) { _ = try EncodingPipeline.run(model: model, data: data, batchSize: size) }
        }

        // MARK: A cache hit: hashing the bundle's files and reading the entry.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = AnalysisCache(directory: folder)
        let key = try EncodingPipeline.contentKey(bundle: bundle)
        if let note = EncodingPipeline.store(encoding, key: key, in: cache) { printNote("bench encode: \(note)") }
        let hash = try medianSeconds(repeats: 11) { _ = try EncodingPipeline.contentKey(bundle: bundle) }
        var found = false
        let hit = try medianSeconds(repeats: 11) {
            found = try EncodingPipeline.lookup(model: model, data: data, cache: cache).encoding != nil
        }
        if !found { printNote("bench encode: the cache entry was not found") }

        let what = "\(bundle.name), \(n) samples"
        return [
            BenchMeasurement(name: "encode.load", seconds: load, detail: "manifest, data.npz and both models of \(defaultBundlePath)"),
            BenchMeasurement(name: "encode.scale_batches", seconds: scale, detail: "uint8 → float batches of \(EncodingPipeline.defaultBatchSize), \(n) samples"),
            BenchMeasurement(name: "encode.encoder_10000", seconds: encode, detail: "encoder only, one batch, \(what), \(threads) threads"),
            BenchMeasurement(name: "encode.decoder_10000", seconds: decode, detail: "decoder + activation only, one batch, \(what)"),
            BenchMeasurement(name: "encode.pipeline_10000", seconds: pipeline, detail: "encode + decode + errors in batches of \(EncodingPipeline.defaultBatchSize), \(what)"),
        ] + zip(sizes, bySize).map { size, seconds in
            BenchMeasurement(name: "encode.pipeline_batch_\(size)", seconds: seconds, detail: "the pipeline in batches of \(size)")
        } + [
            BenchMeasurement(name: "encode.content_hash", seconds: hash, detail: "cache key: hash of the model and data files"),
            BenchMeasurement(name: "encode.cache_hit", seconds: hit, detail: "cache key and reading the entry"),
        ]
    }
}
