import Foundation
import LatentSpace
import Projection

/// A value computed once on first use, safe to share between threads.
final class Memo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    func get(_ make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let v = make()
        value = v
        return v
    }
}

extension ExplorerContext {
    /// Per-dimension statistics of the codes (and KL for a VAE).
    public var stats: DimensionStats { statsMemo.get { DimensionStats(codes: encoding.codes, logvar: encoding.logvar, dimensions: latentDim) } }

    /// Outlier scores by method: reconstruction error (kNN distance when there is none) or latent kNN distance.
    public func outlierScores(_ method: OutlierState.Method) -> [Float] {
        if method == .recon, let errors = encoding.reconstructionError { return errors }
        return knnMemo.get { (try? OutlierScores.knnDistance(encoding, threads: 2)) ?? [Float](repeating: 0, count: count) }
    }

    /// Percentile of each point's score.
    public func outlierPercentiles(_ method: OutlierState.Method) -> [Float] {
        method == .recon && encoding.reconstructionError != nil
            ? (reconstructionPercentiles ?? [])
            : knnPercentileMemo.get { Percentiles.ranks(outlierScores(.knn)) }
    }

    /// The indices of the highest-scoring points, highest first. The whole ranking is sorted once per method
    /// (the outlier view asks for it on every key and every frame).
    public func outlierRanking(_ method: OutlierState.Method, top: Int = 50) -> [Int] {
        let memo = method == .recon ? reconRankingMemo : knnRankingMemo
        return Array(memo.get { OutlierScores.ranking(outlierScores(method), top: count) }.prefix(max(0, top)))
    }

    /// The mean code of each class (nil for an empty class).
    public var classMeans: [[Float]?] {
        classMeansMemo.get {
            DimensionStats.classMeans(codes: encoding.codes, labels: classes, dimensions: latentDim, classCount: classCount)
        }
    }

    /// The code of a mark.
    public func code(of mark: Mark) -> [Float]? {
        switch mark {
        case .point(let i): return i >= 0 && i < count ? encoding.code(i) : nil
        case .classMean(let c): return c >= 0 && c < classMeans.count ? classMeans[c] : nil
        }
    }

    /// A short name of a mark for the screen.
    public func name(of mark: Mark) -> String {
        switch mark {
        case .point(let i): return "#\(i) \(className(classes[i]))"
        case .classMean(let c): return "mean of \(className(c))"
        }
    }

    /// The data point whose code is nearest `code` (Euclidean, in latent space).
    public func nearestPoint(to code: [Float]) -> Int? {
        let d = latentDim
        guard code.count == d, count > 0 else { return nil }
        var best = 0
        var bestDistance = Float.infinity
        encoding.codes.withUnsafeBufferPointer { z in
            for i in 0..<count {
                var s: Float = 0
                for j in 0..<d { let e = z[i * d + j] - code[j]; s += e * e }
                if s < bestDistance { bestDistance = s; best = i }
            }
        }
        return best
    }

    /// Plot coordinates (rows × 2) for new codes in a projection: exact for PCA and raw axes, placed into the
    /// existing embedding for t-SNE.
    public func project(_ codes: [Float], rows: Int, projection: ProjectionKind, tsne: [Float]?) -> [Float] {
        guard rows > 0 else { return [] }
        switch projection {
        case .pca(let x, let y):
            let k = pca.componentCount
            let t = pca.transform(codes, rows: rows)
            return (0..<rows).flatMap { [t[$0 * k + x], t[$0 * k + y]] }
        case .raw:
            return codes
        case .tsne:
            guard let embedding = tsne ?? cachedTSNE else { return [Float](repeating: .nan, count: rows * 2) }
            var options = TSNEPlacementOptions()
            options.iterations = 50
            return (try? TSNE.place(codes, rows: rows, reference: encoding.codes, referenceRows: count, cols: latentDim,
                                    embedding: embedding, options: options)) ?? [Float](repeating: .nan, count: rows * 2)
        }
    }
}
