import LatentSpace
import Projection

/// The explorer's t-SNE: standard settings, a frame every few iterations, the result cached. Above
/// `fitSampleFrom` points it fits on a seeded sample (stratified by class) and places the rest, and says so.
enum TSNEProjection {
    /// Iterations between frames of the animation.
    static let frameInterval = 10
    /// From this many points on, t-SNE fits on a sample of `sampleSize` and places the rest: a whole fit of
    /// 1,000,000 points takes over half an hour on two cores (docs/benchmarks.md), one of 100,000 a few minutes.
    static let fitSampleFrom = 200_000
    static let sampleSize = 100_000

    static func job(encoding: Encoding, classes: [Int], cache: AnalysisCache, encodingKey: String, threads: Int,
                    fitSampleFrom: Int = fitSampleFrom, sampleSize: Int = sampleSize) -> ProjectionJob? {
        guard encoding.count >= 4 else { return nil }
        let n = encoding.count
        let sample = n >= fitSampleFrom ? min(sampleSize, n) : nil
        let note = sample.map { "fit on \($0) of \(n) points, the rest placed" }
        return ProjectionJob(method: .tsne, note: note) { report, shouldStop in
            let (result, _) = try LatentTSNE.run(encoding, cache: cache, encodingKey: encodingKey, threads: threads,
                                                 progressInterval: frameInterval, progress: { p in
                report(.frame(iteration: p.iteration, total: p.totalIterations, kl: p.kl, coordinates: p.embedding))
            }, neighbors: { done, total in
                report(.neighbors(done: done, total: total))
            }, shouldStop: {
                shouldStop()
            }, settings: settings(sample: sample), fitSample: sample, labels: classes, placing: {
                _ = report(.preparing("placing the other points", done: 0, total: n - (sample ?? n)))
            })
            return result.cancelled ? nil : ProjectionJob.Result(coordinates: result.embedding, kl: result.kl)
        }
    }

    /// A cached embedding of the codes, if there is one (of a sample fit above `fitSampleFrom` points).
    static func cached(cache: AnalysisCache, encodingKey: String, count: Int) -> [Float]? {
        let sample = count >= fitSampleFrom ? min(sampleSize, count) : nil
        return LatentTSNE.cached(cache: cache, encodingKey: encodingKey, count: count, settings: settings(sample: sample))
    }

    /// The cache key's settings: empty for a whole fit.
    static func settings(sample: Int?) -> String { sample.map { "fit\($0)" } ?? "" }
}
