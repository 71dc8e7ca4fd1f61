import Foundation

/// UMAP (McInnes, Healy & Melville 2018), following umap-learn's algorithm and defaults.
///
/// ```swift
/// var options = UMAPOptions()
/// options.threads = 2
/// let result = try UMAP.run(x, rows: n, cols: d, options: options) { progress in
///     if let y = progress.embedding { draw(y) }     // layout: every `options.progressInterval` epochs
///     return !cancelRequested                       // false stops the run
/// }
/// ```
/// The pipeline: the `neighbors − 1` nearest other points of every row (exact, or NN-descent for large data), the
/// fuzzy simplicial set (smooth kNN distances, fuzzy union), edges too weak to be sampled once dropped, the
/// starting embedding (spectral when possible, else PCA), then stochastic gradient descent with negative
/// sampling. The same seed gives the same bits for any thread count.
public enum UMAP {
    /// Spectral initialisation is used up to this many points (above, PCA): at 70,000 points the eigensolver
    /// takes about a second, and PCA is the choice at a million.
    public static let spectralLimit = 250_000

    /// Embeds the rows of the row-major `rows × cols` matrix `x` in two dimensions.
    ///
    /// - Parameters:
    ///   - progress: called as the run goes (see `UMAPProgress`): during the neighbour search, between restarts
    ///     of the spectral solver, and after every epoch, with the embedding every `options.progressInterval`
    ///     epochs and after the last (and the starting embedding at epoch 0). Return false to stop: the result then has `cancelled` set and holds the
    ///     embedding so far (empty when stopped before the layout).
    ///   - shouldStop: asked between parts of an epoch (cheap); true stops as `progress` returning false does.
    /// - Throws: `ProjectionError` for bad data (empty, NaN, an all-zero row with the cosine metric) or options.
    public static func run(_ x: [Float], rows: Int, cols: Int, options: UMAPOptions = UMAPOptions(),
                           progress: (UMAPProgress) -> Bool = { _ in true },
                           shouldStop: () -> Bool = { false }) throws(ProjectionError) -> UMAPResult {
        try run(x, rows: rows, cols: cols, options: options, progress: progress, shouldStop: shouldStop,
                pointOrderFrom: PointOrder.minimumPoints)
    }

    /// `run`, in a `PointOrder` from `pointOrderFrom` points on.
    static func run(_ x: [Float], rows: Int, cols: Int, options: UMAPOptions, progress: (UMAPProgress) -> Bool,
                    shouldStop: () -> Bool, pointOrderFrom: Int) throws(ProjectionError) -> UMAPResult {
        try InputCheck.matrix(x, rows: rows, cols: cols)
        try options.validate(points: rows)
        guard rows >= max(2, pointOrderFrom) else {
            return try runInGivenOrder(x, rows: rows, cols: cols, options: options, progress: progress,
                                       shouldStop: shouldStop)
        }
        // the whole run in an order where neighbours are near in memory; embeddings moved back
        let order = PointOrder.byProjectionTree(x, rows: rows, cols: cols, seed: options.seed)
        var result = try runInGivenOrder(order.arranged(x, width: cols), rows: rows, cols: cols, options: options,
                                         progress: { report in
                                             var report = report
                                             report.embedding = report.embedding.map { order.restored($0, width: 2) }
                                             return progress(report)
                                         }, shouldStop: shouldStop)
        if result.embedding.count == 2 * rows { result.embedding = order.restored(result.embedding, width: 2) }
        return result
    }

    /// `run` in the input's order.
    private static func runInGivenOrder(_ x: [Float], rows: Int, cols: Int, options: UMAPOptions,
                                        progress: (UMAPProgress) -> Bool,
                                        shouldStop: () -> Bool) throws(ProjectionError) -> UMAPResult {
        let (a, b) = UMAPCurve.fit(minDist: options.minDist, spread: options.spread)
        let neighbors = min(options.neighbors, rows)
        var result = UMAPResult(embedding: [], epochs: 0, cancelled: true, neighbors: neighbors, a: a, b: b,
                                initialization: "", initializationNote: nil)
        guard rows > 1 else {
            result.embedding = [0, 0]
            result.cancelled = false
            result.initialization = "none"
            return result
        }
        let points = options.metric == .cosine ? try unitRows(x, rows: rows, cols: cols) : x
        guard var knn = try KNN.neighbors(points, rows: rows, cols: cols, k: neighbors - 1, method: options.knn,
                                          seed: options.seed, threads: options.threads,
                                          progress: { progress(UMAPProgress(stage: .neighbors, done: $0, total: $1)) })
        else { return result }
        if options.metric == .cosine {
            // 1 − cos θ of unit vectors is half their squared Euclidean distance
            for i in knn.distances.indices { knn.distances[i] = knn.distances[i] * knn.distances[i] / 2 }
        }
        let epochs = options.epochCount(points: rows)
        var graph = FuzzySimplicialSet.build(knn, threads: options.threads)
        graph.prune(epochs: epochs)
        guard let start = try UMAPInitialization.embedding(x, rows: rows, cols: cols, graph: graph, options: options,
                                                           progress: { progress(UMAPProgress(stage: .initialization,
                                                                                             done: $0, total: $1)) })
        else { return result }
        result.initialization = start.kind
        result.initializationNote = start.note
        var embedding = start.embedding
        result.embedding = embedding
        guard progress(UMAPProgress(stage: .layout, done: 0, total: epochs, embedding: embedding)) else { return result }
        let layout = UMAPLayout(graph: graph, a: a, b: b, epochs: epochs, options: options)
        let (done, cancelled) = layout.run(&embedding, progress: { epoch, y in
            let report = epoch % options.progressInterval == 0 || epoch == epochs
            return progress(UMAPProgress(stage: .layout, done: epoch, total: epochs, embedding: report ? y : nil))
        }, shouldStop: shouldStop)
        result.embedding = embedding
        result.epochs = done
        result.cancelled = cancelled
        return result
    }

    /// The rows scaled to unit length, for the cosine metric.
    private static func unitRows(_ x: [Float], rows: Int, cols: Int) throws(ProjectionError) -> [Float] {
        var out = x
        for i in 0..<rows {
            var s: Float = 0
            for c in 0..<cols { s += x[i * cols + c] * x[i * cols + c] }
            guard s > 0 else {
                throw .invalidOption(name: "metric", reason: "row \(i) is all zeros, so its cosine distance to any row is undefined")
            }
            let scale = 1 / s.squareRoot()
            for c in 0..<cols { out[i * cols + c] *= scale }
        }
        return out
    }
}

extension UMAPProgress {
    init(stage: Stage, done: Int, total: Int) {
        self.init(stage: stage, done: done, total: total, embedding: nil)
    }
}
