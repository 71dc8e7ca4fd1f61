import Projection
import Tensors

/// t-SNE of a bundle's latent codes with the cache in front: the explorer and `latent project` share entries.
public enum LatentTSNE {
    /// The cache key of the t-SNE of an encoding: the standard settings, or `settings` naming the others.
    public static func cacheKey(encodingKey: String, settings: String = "") -> String {
        // v2: FFT repulsion from TSNE.interpolateFrom points under `auto`; v3: P in single precision
        encodingKey + "-tsne-v3" + (settings.isEmpty ? "" : "-" + settings)
    }

    /// A cached embedding (N × 2), if a valid one exists (`settings` as for `cacheKey`).
    public static func cached(cache: AnalysisCache, encodingKey: String, count: Int, settings: String = "") -> [Float]? {
        guard let coordinates = cache.load(kind: "tsne", key: cacheKey(encodingKey: encodingKey, settings: settings))?["coordinates"]?.floats,
              coordinates.count == count * 2 else { return nil }
        return coordinates
    }

    /// Runs t-SNE (the standard settings unless `options` says otherwise) and stores a completed result in the
    /// cache, under a key naming `settings` (empty for the standard ones).
    ///
    /// - Parameters:
    ///   - options: the settings; `threads` and `progressInterval` given here replace its own.
    ///   - progress: called every `progressInterval` iterations; return false to cancel.
    ///   - neighbors: called during the nearest-neighbour search with points done and total; false cancels.
    ///   - shouldStop: asked after every iteration between reports; true cancels.
    ///   - fitSample: embed a seeded sample of this many points (stratified by `labels`) and place the rest
    ///     (`TSNE.runOnSample`; `placing` is called between the two); nil or at least the count embeds all.
    /// - Returns: the result (check `cancelled`) and a note when the cache could not be written (none when the
    ///   cache is off).
    public static func run(_ encoding: Encoding, cache: AnalysisCache, encodingKey: String, threads: Int,
                           progressInterval: Int = 25,
                           progress: (TSNEProgress) -> Bool,
                           neighbors: (_ done: Int, _ total: Int) -> Bool = { _, _ in true },
                           shouldStop: () -> Bool = { false },
                           options: TSNEOptions = TSNEOptions(),
                           settings: String = "",
                           fitSample: Int? = nil, labels: [Int]? = nil,
                           placing: () -> Void = {}) throws -> (result: TSNEResult, note: String?) {
        var options = options
        options.threads = max(1, threads)
        options.progressInterval = progressInterval
        let result: TSNEResult
        if let fitSample, fitSample < encoding.count {
            result = try TSNE.runOnSample(encoding.codes, rows: encoding.count, cols: encoding.dimensions,
                                          sampleSize: fitSample, labels: labels, options: options,
                                          progress: progress, neighbors: neighbors, shouldStop: shouldStop,
                                          placing: placing)
        } else {
            result = try TSNE.run(encoding.codes, rows: encoding.count, cols: encoding.dimensions, options: options,
                                  progress: progress, neighbors: neighbors, shouldStop: shouldStop)
        }
        var note: String?
        if !result.cancelled, cache.directory != nil, let t = try? Tensor(shape: [encoding.count, 2], floats: result.embedding) {
            note = cache.store(kind: "tsne", key: cacheKey(encodingKey: encodingKey, settings: settings), arrays: ["coordinates": t])
                .map { "t-SNE coordinates not cached: \($0)" }
        }
        return (result, note)
    }
}
