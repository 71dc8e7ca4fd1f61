import LatentSpace
import Projection

/// The background t-SNE run of the explorer: standard settings, progress every few iterations, result cached.
enum TSNEJobs {
    /// Iterations between frames of the animation.
    static let frameInterval = 10

    static func make(encoding: Encoding, cache: AnalysisCache, encodingKey: String, threads: Int) -> TSNEJob? {
        guard encoding.count >= 4 else { return nil }
        return { progress, shouldStop in
            let (result, _) = try LatentTSNE.run(encoding, cache: cache, encodingKey: encodingKey, threads: threads,
                                                 progressInterval: frameInterval) { p in
                progress(TSNEReport(iteration: p.iteration, total: p.totalIterations, kl: p.kl, coordinates: p.embedding))
            } neighbors: { done, total in
                progress(TSNEReport(iteration: done, total: total, kl: nil, coordinates: [], searchingNeighbors: true))
            } shouldStop: {
                shouldStop()
            }
            guard !result.cancelled else { return nil }
            return TSNEReport(iteration: result.iterations, total: result.iterations, kl: result.kl,
                              coordinates: result.embedding)
        }
    }
}
