/// Settings of a UMAP run. The defaults are umap-learn's.
public struct UMAPOptions: Sendable, Equatable {
    /// The distance between input rows.
    public enum Metric: String, Sendable, Equatable, CaseIterable {
        /// Euclidean distance.
        case euclidean
        /// Cosine distance, 1 − cos θ (rows are compared by direction; a row of zeros has none).
        case cosine
    }

    /// How the embedding starts.
    public enum Initialization: Sendable, Equatable {
        /// The leading non-trivial eigenvectors of the fuzzy graph's normalised Laplacian, when the graph is
        /// connected and has at most `UMAP.spectralLimit` points; PCA otherwise.
        case spectral
        /// The first two principal components of the input.
        case pca
        /// Given coordinates (row-major N × 2), used as they are.
        case given([Float])
    }

    /// The size of the local neighbourhood: each point's `neighbors − 1` nearest other points carry its fuzzy
    /// set (umap-learn counts the point itself); lowered to N when there are fewer points.
    public var neighbors: Int = 15
    /// The smallest distance between embedded points the curve treats as "together".
    public var minDist: Double = 0.1
    /// The scale of the embedded distances (with `minDist`, it fixes the curve 1 / (1 + a·d^2b)).
    public var spread: Double = 1
    /// Epochs of stochastic gradient descent; nil picks umap-learn's 500 up to 10,000 points, 200 above.
    public var epochs: Int? = nil
    /// The learning rate of the first epoch; it falls linearly towards 0.
    public var learningRate: Double = 1
    /// Negative samples drawn for every positive (edge) sample.
    public var negativeSampleRate: Int = 5
    /// The weight of the repulsive (negative-sample) term.
    public var repulsionStrength: Double = 1
    /// The distance between input rows.
    public var metric: Metric = .euclidean
    /// How the embedding starts.
    public var initialization: Initialization = .spectral
    /// How the nearest neighbours are found (`auto`: exact for small data, NN-descent from `KNN.approximateFrom`).
    public var knn: KNNMethod = .auto
    /// Seed of the neighbour search, the starting noise and the negative samples: the same seed gives
    /// bit-identical output for any thread count.
    public var seed: UInt64 = 0
    /// Worker threads.
    public var threads: Int = 1
    /// The progress callback gets the embedding every this many epochs (and after the last).
    public var progressInterval: Int = 10

    public init() {}

    /// The epochs a run over `points` points does.
    public func epochCount(points: Int) -> Int { epochs ?? (points <= 10_000 ? 500 : 200) }

    /// Checks every option, naming the first one out of range.
    func validate(points: Int) throws(ProjectionError) {
        func bad(_ name: String, _ reason: String) -> ProjectionError { .invalidOption(name: name, reason: reason) }
        guard neighbors >= 2 else { throw bad("neighbours", "\(neighbors) is less than 2") }
        guard minDist >= 0, minDist.isFinite else { throw bad("min-dist", "\(minDist) is not a number ≥ 0") }
        guard spread > 0, spread.isFinite else { throw bad("spread", "\(spread) is not a positive number") }
        guard minDist <= spread else { throw bad("min-dist", "\(minDist) is larger than the spread \(spread)") }
        if let epochs { guard epochs >= 0 else { throw bad("epochs", "\(epochs) is negative") } }
        guard learningRate > 0, learningRate.isFinite else {
            throw bad("learning rate", "\(learningRate) is not a positive number")
        }
        guard negativeSampleRate >= 0 else { throw bad("negative sample rate", "\(negativeSampleRate) is negative") }
        guard repulsionStrength >= 0, repulsionStrength.isFinite else {
            throw bad("repulsion strength", "\(repulsionStrength) is not a number ≥ 0")
        }
        guard threads >= 1 else { throw bad("threads", "\(threads) is less than 1") }
        guard progressInterval >= 1 else { throw bad("progress interval", "must be at least 1") }
        if case .given(let y) = initialization {
            guard y.count == 2 * points else { throw bad("initial embedding", "has \(y.count) values, not \(points)×2") }
            guard y.allSatisfy(\.isFinite) else { throw bad("initial embedding", "has a NaN or infinite value") }
        }
    }
}

/// Where a UMAP run is, passed to its progress callback.
public struct UMAPProgress: Sendable {
    /// The steps of a run, in order.
    public enum Stage: String, Sendable, Equatable {
        /// The nearest-neighbour search (done and total in the search's own units).
        case neighbors
        /// The spectral initialisation (done and total: eigensolver restarts).
        case initialization
        /// The stochastic gradient descent (done and total: epochs).
        case layout
    }

    /// The step running.
    public var stage: Stage
    /// Work done in this stage.
    public var done: Int
    /// The stage's total work.
    public var total: Int
    /// The current embedding (row-major N × 2): given in the layout stage every `progressInterval` epochs and
    /// after the last, nil otherwise.
    public var embedding: [Float]?
}

/// The outcome of a UMAP run.
public struct UMAPResult: Sendable {
    /// The embedding, row-major N × 2 (empty when the run was stopped before the layout).
    public var embedding: [Float]
    /// Epochs completed (fewer than asked when stopped).
    public var epochs: Int
    /// Whether the run was stopped.
    public var cancelled: Bool
    /// The neighbourhood size used (lowered when there are too few points).
    public var neighbors: Int
    /// The curve parameters fitted from `minDist` and `spread`.
    public var a: Double, b: Double
    /// How the embedding started, as a word: "spectral", "pca" (asked, or spectral not possible), "given".
    public var initialization: String
    /// Why spectral initialisation was not used when it was asked for (nil otherwise).
    public var initializationNote: String?
}
