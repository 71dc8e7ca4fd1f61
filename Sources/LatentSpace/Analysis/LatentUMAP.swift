import Projection
import Tensors

/// UMAP of a bundle's latent codes with the cache in front: the explorer and `latent project` share entries.
public enum LatentUMAP {
    /// The cache key of the UMAP of an encoding: the standard settings, or `settings` naming the others.
    public static func cacheKey(encodingKey: String, settings: String = "") -> String {
        encodingKey + "-umap-v1" + (settings.isEmpty ? "" : "-" + settings)
    }

    /// A cached embedding (N × 2), if a valid one exists (`settings` as for `cacheKey`).
    public static func cached(cache: AnalysisCache, encodingKey: String, count: Int, settings: String = "") -> [Float]? {
        guard let coordinates = cache.load(kind: "umap", key: cacheKey(encodingKey: encodingKey, settings: settings))?["coordinates"]?.floats,
              coordinates.count == count * 2 else { return nil }
        return coordinates
    }

    /// Runs UMAP (the standard settings unless `options` says otherwise) and stores a completed result in the
    /// cache, under a key naming `settings` (empty for the standard ones).
    ///
    /// - Parameters:
    ///   - options: the settings; `threads` and `progressInterval` given here replace its own.
    ///   - progress: called during the neighbour search, the spectral start and after every epoch (with the
    ///     embedding every `progressInterval` epochs, see `UMAPProgress`); return false to cancel.
    ///   - shouldStop: asked between parts of an epoch; true cancels.
    /// - Returns: the result (check `cancelled`) and a note when the cache could not be written (none when the
    ///   cache is off).
    public static func run(_ encoding: Encoding, cache: AnalysisCache, encodingKey: String, threads: Int,
                           progressInterval: Int = 10,
                           progress: (UMAPProgress) -> Bool,
                           shouldStop: () -> Bool = { false },
                           options: UMAPOptions = UMAPOptions(),
                           settings: String = "") throws -> (result: UMAPResult, note: String?) {
        var options = options
        options.threads = max(1, threads)
        options.progressInterval = progressInterval
        let result = try UMAP.run(encoding.codes, rows: encoding.count, cols: encoding.dimensions, options: options,
                                  progress: progress, shouldStop: shouldStop)
        var note: String?
        if !result.cancelled, cache.directory != nil, let t = try? Tensor(shape: [encoding.count, 2], floats: result.embedding) {
            note = cache.store(kind: "umap", key: cacheKey(encodingKey: encodingKey, settings: settings), arrays: ["coordinates": t])
                .map { "UMAP coordinates not cached: \($0)" }
        }
        return (result, note)
    }
}
