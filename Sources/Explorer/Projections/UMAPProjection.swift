import LatentSpace
import Projection

/// The explorer's UMAP: standard settings, a frame every few epochs, the result cached.
enum UMAPProjection {
    /// Epochs between frames of the animation.
    static let frameInterval = 5

    static func job(encoding: Encoding, cache: AnalysisCache, encodingKey: String, threads: Int) -> ProjectionJob? {
        guard encoding.count >= 4 else { return nil }
        return ProjectionJob(method: .umap) { report, shouldStop in
            let (result, _) = try LatentUMAP.run(encoding, cache: cache, encodingKey: encodingKey, threads: threads,
                                                 progressInterval: frameInterval, progress: { p in
                switch p.stage {
                case .neighbors: return report(.neighbors(done: p.done, total: p.total))
                case .initialization: return report(.preparing("spectral start", done: p.done, total: p.total))
                case .layout:
                    guard let embedding = p.embedding else { return !shouldStop() }
                    return report(.frame(iteration: p.done, total: p.total, kl: nil, coordinates: embedding))
                }
            }, shouldStop: shouldStop)
            return result.cancelled ? nil : ProjectionJob.Result(coordinates: result.embedding, kl: nil)
        }
    }

    /// A cached embedding of the codes, if there is one.
    static func cached(cache: AnalysisCache, encodingKey: String, count: Int) -> [Float]? {
        LatentUMAP.cached(cache: cache, encodingKey: encodingKey, count: count)
    }
}
