import Foundation

/// Barnes–Hut t-SNE (van der Maaten 2014), following openTSNE's algorithm and defaults.
///
/// ```swift
/// var options = TSNEOptions()
/// options.threads = 2
/// let result = try TSNE.run(x, rows: n, cols: d, options: options) { progress in
///     draw(progress.embedding)        // every `options.progressInterval` iterations
///     return !cancelRequested         // false stops the run; the result so far is returned
/// }
/// ```
/// The pipeline: exact nearest neighbours (`⌊3·perplexity⌋`), perplexity-calibrated affinities symmetrised into a
/// sparse P, PCA initialisation, then gradient descent in two phases (early exaggeration, then plain) with the
/// repulsive forces from a quad tree.
public enum TSNE {
    /// Embeds the rows of the row-major `rows × cols` matrix `x` in two dimensions.
    ///
    /// - Parameters:
    ///   - progress: called every `options.progressInterval` iterations and after the last; return `false` to
    ///     stop (the result then has `cancelled` set and holds the embedding so far).
    ///   - neighbors: called as the nearest-neighbour search (the long first step on large data) goes, with the
    ///     points done and the total; return `false` to stop (the result then has `cancelled` set, no
    ///     embedding and no iterations).
    ///   - shouldStop: asked after every iteration between progress reports (cheap: no embedding copy, no KL);
    ///     `true` stops the run as `progress` returning `false` would, without waiting for the next report.
    /// - Throws: `ProjectionError` for bad data (empty, NaN) or options.
    public static func run(_ x: [Float], rows: Int, cols: Int, options: TSNEOptions = TSNEOptions(),
                           progress: (TSNEProgress) -> Bool = { _ in true },
                           neighbors neighborProgress: (_ done: Int, _ total: Int) -> Bool = { _, _ in true },
                           shouldStop: () -> Bool = { false })
        throws(ProjectionError) -> TSNEResult {
        try run(x, rows: rows, cols: cols, options: options, progress: progress, neighbors: neighborProgress,
                shouldStop: shouldStop, pointOrderFrom: PointOrder.minimumPoints)
    }

    /// `run`, in a `PointOrder` from `pointOrderFrom` points on.
    static func run(_ x: [Float], rows: Int, cols: Int, options: TSNEOptions, progress: (TSNEProgress) -> Bool,
                    neighbors neighborProgress: (_ done: Int, _ total: Int) -> Bool, shouldStop: () -> Bool,
                    pointOrderFrom: Int) throws(ProjectionError) -> TSNEResult {
        try InputCheck.matrix(x, rows: rows, cols: cols)
        try options.validate(points: rows)
        guard rows >= max(2, pointOrderFrom) else {
            return try runInGivenOrder(x, rows: rows, cols: cols, options: options, progress: progress,
                                       neighbors: neighborProgress, shouldStop: shouldStop,
                                       pointOrderFrom: pointOrderFrom)
        }
        // the whole run in an order where neighbours are near in memory; results moved back
        let order = PointOrder.byProjectionTree(x, rows: rows, cols: cols, seed: options.seed)
        var arranged = options
        if case .given(let y) = options.initialization { arranged.initialization = .given(order.arranged(y, width: 2)) }
        var result = try runInGivenOrder(order.arranged(x, width: cols), rows: rows, cols: cols, options: arranged,
                                         progress: { report in
                                             var report = report
                                             report.embedding = order.restored(report.embedding, width: 2)
                                             return progress(report)
                                         }, neighbors: neighborProgress, shouldStop: shouldStop,
                                         pointOrderFrom: pointOrderFrom)
        // a run stopped during the neighbour search has no embedding and no P
        if result.embedding.count == 2 * rows { result.embedding = order.restored(result.embedding, width: 2) }
        if result.affinities.rows == rows { result.affinities = order.restored(result.affinities, threads: options.threads) }
        return result
    }

    /// `run` in the input's order.
    private static func runInGivenOrder(_ x: [Float], rows: Int, cols: Int, options: TSNEOptions,
                                        progress: (TSNEProgress) -> Bool,
                                        neighbors neighborProgress: (_ done: Int, _ total: Int) -> Bool,
                                        shouldStop: () -> Bool, pointOrderFrom: Int) throws(ProjectionError) -> TSNEResult {
        let (k, perplexity) = Affinities.neighborCount(points: rows, perplexity: options.perplexity)
        guard var neighbors = try KNN.neighbors(x, rows: rows, cols: cols, k: k, method: options.knn, seed: options.seed,
                                                threads: options.threads, progress: neighborProgress) else {
            return TSNEResult(embedding: [], kl: .nan, iterations: 0, cancelled: true, perplexity: perplexity,
                              affinities: SparseAffinities(rows: 0, rowStart: [0], columns: [], values: []))
        }
        // the distances go once the conditional probabilities are known, so that at a million points they and
        // the joint matrix's work arrays are not held at once
        let conditional = Affinities.conditional(neighbors, perplexity: perplexity, threads: options.threads)
        let (indices, listed) = (neighbors.indices, neighbors.k)
        neighbors = Neighbors(rows: 0, k: 0, indices: [], distances: [])
        let p = Affinities.joint(indices: indices, rows: rows, k: listed, conditional: conditional,
                                 threads: options.threads)
        let initial = try TSNEInitialization.embedding(x, rows: rows, cols: cols, options: options)
        var result = try optimize(affinities: p, initial: initial.map { Float($0) }, options: options,
                                  progress: progress, shouldStop: shouldStop, initialDoubles: initial,
                                  pointOrderFrom: pointOrderFrom)
        result.perplexity = perplexity
        return result
    }

    /// From this many points on, `.auto` computes the repulsion by FFT interpolation rather than Barnes–Hut.
    /// The interpolation's cost follows the embedding's extent (about 160–200 units wide from 10,000 to 70,000
    /// Fashion-MNIST points), Barnes–Hut's the point count: measured whole runs on 2 threads took 10.4 s (BH)
    /// against 19.3 s (FFT) at 10,000 points, 58 s against 119 s at 25,000, and 292 s against 124 s at 70,000
    /// (docs/benchmarks.md).
    public static let interpolateFrom = 50_000

    /// Points per part of the exact nearest-neighbour search in low dimensions (progress and stop requests come
    /// between parts).
    static let neighborPart = KNN.treeSearchPart

    /// Optimises an embedding for given affinities, starting from `initial` (row-major N × 2).
    ///
    /// `options.initialization` and `options.perplexity` are ignored here.
    public static func optimize(affinities p: SparseAffinities, initial: [Float], options: TSNEOptions = TSNEOptions(),
                                progress: (TSNEProgress) -> Bool = { _ in true }) throws(ProjectionError) -> TSNEResult {
        try optimize(affinities: p, initial: initial, options: options, progress: progress, shouldStop: { false },
                     initialDoubles: nil, pointOrderFrom: PointOrder.minimumPoints)
    }

    private static func optimize(affinities p: SparseAffinities, initial: [Float], options: TSNEOptions,
                                 progress: (TSNEProgress) -> Bool, shouldStop: () -> Bool,
                                 initialDoubles: [Double]?, pointOrderFrom: Int) throws(ProjectionError) -> TSNEResult {
        let n = p.rows
        var checked = options
        checked.initialization = .given(initial)
        try checked.validate(points: n)
        var y = initialDoubles ?? initial.map(Double.init)
        guard n > 1 else {
            return TSNEResult(embedding: [Float](repeating: 0, count: 2 * n), kl: 0, iterations: 0, cancelled: false,
                              perplexity: options.perplexity, affinities: p)
        }
        let total = options.iterations
        let early = min(options.earlyExaggerationIterations, total)
        let method = options.gradient == .auto ? (n >= interpolateFrom ? .fft : .bh) : options.gradient
        var descent = GradientDescent(count: 2 * n)
        var workspace = TSNEGradient.Workspace(points: n)
        var gradient = [Double](repeating: 0, count: 2 * n)
        var kl = Double.nan
        var done = 0
        var cancelled = false
        // from early exaggeration's end, large runs work in the embedding's Z-order (`PointOrder.byPosition`);
        // `arranged` is P in that order, `order` maps back
        var arranged = p, order: PointOrder?
        func inGivenOrder(_ y: [Double]) -> [Float] {
            let values = y.map { Float($0) }
            return order.map { $0.restored(values, width: 2) } ?? values
        }
        while done < total {
            if done == early && order == nil && n >= pointOrderFrom {
                let byPosition = PointOrder.byPosition(y, count: n)
                y = byPosition.arranged(y, width: 2)
                descent.arrange(byPosition)
                arranged = byPosition.arranged(p, threads: options.threads)
                order = byPosition
            }
            let isEarly = done < early
            let alpha = isEarly ? options.earlyExaggeration : options.exaggeration
            let rate = options.learningRate ?? Double(n) / alpha
            let momentum = isEarly ? options.initialMomentum : options.finalMomentum
            let report = (done + 1) % options.progressInterval == 0 || done + 1 == total
            let estimate = y.withUnsafeMutableBufferPointer { yb in
                gradient.withUnsafeMutableBufferPointer { gb in
                    let value = TSNEGradient.compute(method, yb.baseAddress!, n: n, affinities: arranged, exaggeration: alpha,
                                                       theta: options.theta, threads: options.threads,
                                                       workspace: &workspace, gradient: gb.baseAddress!,
                                                       computeKL: report)
                    descent.step(yb.baseAddress!, gradient: gb.baseAddress!, points: n, learningRate: rate,
                                 momentum: momentum, minGain: options.minGain, maxStepNorm: options.maxStepNorm,
                                 recentre: true)
                    return value
                }
            }
            done += 1
            if report {
                // the estimate is for the embedding before this step, as in openTSNE's reports
                kl = estimate ?? kl
                let snapshot = TSNEProgress(iteration: done, totalIterations: total, isEarlyExaggeration: isEarly,
                                            kl: kl, embedding: inGivenOrder(y))
                if !progress(snapshot) { cancelled = true; break }
            } else if shouldStop() {
                cancelled = true
                break
            }
        }
        // the KL of the final embedding (a whole gradient pass: a cancelled run keeps its last estimate instead,
        // so a stop request is not kept waiting for it)
        if !cancelled {
            kl = y.withUnsafeMutableBufferPointer { yb in
                gradient.withUnsafeMutableBufferPointer { gb in
                    TSNEGradient.compute(method, yb.baseAddress!, n: n, affinities: arranged, exaggeration: 1, theta: options.theta,
                                           threads: options.threads, workspace: &workspace, gradient: gb.baseAddress!,
                                           computeKL: true) ?? .nan
                }
            }
        }
        return TSNEResult(embedding: inGivenOrder(y), kl: kl, iterations: done, cancelled: cancelled,
                          perplexity: options.perplexity, affinities: p)
    }
}
