/// How a command or projection finds nearest neighbours.
public enum KNNMethod: String, Sendable, CaseIterable {
    /// Exact below `KNN.approximateFrom` points, approximate from there on.
    case auto
    /// Exact: a vantage-point tree in low dimensions, brute force above.
    case exact
    /// Approximate: NN-descent (recall about 0.99 at 90 neighbours).
    case approx
}

/// Picks a nearest-neighbour index for the data and the method asked.
public enum KNN {
    /// Up to this many dimensions the vantage-point tree is used (10-NN of 10,000 points: about 12× faster than
    /// brute force in 2-D, even at 16-D; see `latent bench --only projection.tsne`).
    public static let treeDimensionLimit = 8

    /// From this many points on, `auto` searches approximately: measured 90-NN of Fashion-MNIST PCA-50 on two
    /// threads, brute force and NN-descent cost the same at about this size (docs/benchmarks.md, "Nearest
    /// neighbours"); below it the exact answer is also the faster one.
    public static let approximateFrom = 20_000

    /// Query rows per part of a vantage-point-tree search of the indexed points (a tree query costs about a
    /// logarithm of the points, so a part of 4,096 of 1,000,000 points in 8 dimensions takes tens of milliseconds).
    public static let treeSearchPart = 4096

    /// Candidate pairs (query row × indexed point) per part of a brute-force search: a stop request waits at most
    /// one part. 2²⁴ pairs take about 20–40 ms on two cores in 16 to 50 dimensions, where a fixed 4,096 rows of
    /// 1,000,000 points took seconds.
    public static let bruteForcePairsPerPart = 1 << 24

    /// Query rows per part of a brute-force search over `count` points: work-sized, at least `threads` rows so
    /// every thread has one, at most `treeSearchPart`.
    public static func bruteForcePart(count: Int, threads: Int) -> Int {
        min(treeSearchPart, max(max(1, threads), bruteForcePairsPerPart / max(1, count)))
    }

    /// Whether `method` searches approximately for `rows` points.
    public static func isApproximate(_ method: KNNMethod, rows: Int) -> Bool {
        switch method {
        case .exact: return false
        case .approx: return true
        case .auto: return rows >= approximateFrom
        }
    }

    /// An exact index over the row-major `rows × cols` matrix: a `VantagePointTree` for low dimensions, else a
    /// `BruteForceKNN`.
    ///
    /// - Throws: `ProjectionError` for an empty, mis-sized or non-finite matrix.
    public static func index(_ points: [Float], rows: Int, cols: Int) throws(ProjectionError) -> any KNNIndex {
        cols <= treeDimensionLimit ? try VantagePointTree(points, rows: rows, cols: cols)
                                   : try BruteForceKNN(points, rows: rows, cols: cols)
    }

    /// An index for `method`: exact as `index(_:rows:cols:)`, or an NN-descent graph of `graphDegree`
    /// neighbours per point (queries search that graph).
    ///
    /// - Throws: `ProjectionError` for an empty, mis-sized or non-finite matrix.
    public static func index(_ points: [Float], rows: Int, cols: Int, method: KNNMethod, graphDegree: Int = 30,
                             seed: UInt64 = 0, threads: Int = 1) throws(ProjectionError) -> any KNNIndex {
        guard isApproximate(method, rows: rows) else { return try index(points, rows: rows, cols: cols) }
        var options = NNDescent.Options()
        options.seed = seed
        let built = try NNDescent.build(points, rows: rows, cols: cols, k: graphDegree, options: options,
                                        threads: threads) { _, _ in true }
        return built!   // the progress callback never stops the build
    }

    /// The `k` nearest other points of every row of the row-major `rows × cols` matrix, by `method`, with
    /// progress (points done, total) that can stop the search (nil then).
    ///
    /// - Throws: `ProjectionError` for an empty, mis-sized or non-finite matrix.
    public static func neighbors(_ points: [Float], rows: Int, cols: Int, k: Int, method: KNNMethod,
                                 seed: UInt64 = 0, threads: Int = 1,
                                 progress: (_ done: Int, _ total: Int) -> Bool = { _, _ in true })
        throws(ProjectionError) -> Neighbors? {
        if isApproximate(method, rows: rows) && k < rows - 1 {
            var options = NNDescent.Options()
            options.seed = seed
            return try NNDescent.build(points, rows: rows, cols: cols, k: k, options: options, threads: threads,
                                       progress: progress)?.graph
        }
        // exact (also when every other point is a neighbour: nothing is left to approximate)
        return try index(points, rows: rows, cols: cols).neighborsOfIndexedPoints(k: k, threads: threads, progress: progress)
    }

    /// Runs `part` over consecutive ranges of `partRows` rows of `0..<count`, joining the rows, with progress
    /// after each part; nil when `progress` says stop.
    static func inParts(count: Int, k: Int, partRows: Int, progress: (_ done: Int, _ total: Int) -> Bool,
                        _ part: (Range<Int>) -> Neighbors) -> Neighbors? {
        let searchPart = max(1, partRows)
        guard progress(0, count) else { return nil }
        var indices: [Int32] = [], distances: [Float] = []
        var kUsed = max(0, min(k, count - 1))
        indices.reserveCapacity(count * kUsed)
        distances.reserveCapacity(count * kUsed)
        for start in stride(from: 0, to: count, by: searchPart) {
            let result = part(start..<min(count, start + searchPart))
            kUsed = result.k
            indices += result.indices
            distances += result.distances
            guard progress(min(count, start + searchPart), count) else { return nil }
        }
        return Neighbors(rows: count, k: kUsed, indices: indices, distances: distances)
    }
}
