import LatentSpace
import Projection

/// The explorer's t-SNE: standard settings, a frame every few iterations, the result cached.
enum TSNEProjection {
    /// Iterations between frames of the animation.
    static let frameInterval = 10

    static func job(encoding: Encoding, cache: AnalysisCache, encodingKey: String, threads: Int) -> ProjectionJob? {
        guard encoding.count >= 4 else { return nil }
        return ProjectionJob(method: .tsne) { report, shouldStop in
            let (result, _) = try LatentTSNE.run(encoding, cache: cache, encodingKey: encodingKey, threads: threads,
                                                 progressInterval: frameInterval) { p in
                report(.frame(iteration: p.iteration, total: p.totalIterations, kl: p.kl, coordinates: p.embedding))
            } neighbors: { done, total in
                report(.neighbors(done: done, total: total))
            } shouldStop: {
                shouldStop()
            }
            return result.cancelled ? nil : ProjectionJob.Result(coordinates: result.embedding, kl: result.kl)
        }
    }

    /// A cached embedding of the codes, if there is one.
    static func cached(cache: AnalysisCache, encodingKey: String, count: Int) -> [Float]? {
        LatentTSNE.cached(cache: cache, encodingKey: encodingKey, count: count)
    }
}
