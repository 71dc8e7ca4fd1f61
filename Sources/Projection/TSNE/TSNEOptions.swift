/// Settings of a t-SNE run. The defaults follow openTSNE's Barnes–Hut t-SNE, except the momentum schedule
/// (0.5 during early exaggeration, then 0.8, as in the original paper and scikit-learn).
public struct TSNEOptions: Sendable, Equatable {
    /// How the embedding starts.
    public enum Initialization: Sendable, Equatable {
        /// The first two principal components, scaled so the first has standard deviation 10⁻⁴ (openTSNE).
        case pca
        /// Gaussian noise with standard deviation 10⁻⁴.
        case random
        /// Given coordinates (row-major N × 2), used as they are.
        case given([Float])
    }

    /// How the repulsive forces are computed.
    public enum Gradient: String, Sendable, Equatable, CaseIterable {
        /// Barnes–Hut below `TSNE.interpolateFrom` points, FFT interpolation from there on.
        case auto
        /// Barnes–Hut: a quad tree, cells summarised when side/distance < θ.
        case bh
        /// FIt-SNE: interpolation onto an equispaced grid and FFT convolution.
        case fft
    }

    /// The effective number of neighbours; `⌊3·perplexity⌋` nearest neighbours carry affinities.
    public var perplexity: Double = 30
    /// Total iterations, including the early exaggeration phase.
    public var iterations: Int = 750
    /// The exaggeration factor of the early phase.
    public var earlyExaggeration: Double = 12
    /// Iterations in the early exaggeration phase (clamped to `iterations`).
    public var earlyExaggerationIterations: Int = 250
    /// The exaggeration after the early phase (1 is plain t-SNE).
    public var exaggeration: Double = 1
    /// The learning rate; `nil` picks openTSNE's `N / exaggeration` for each phase (N/12 early, N after).
    public var learningRate: Double? = nil
    /// Momentum during early exaggeration.
    public var initialMomentum: Double = 0.5
    /// Momentum afterwards.
    public var finalMomentum: Double = 0.8
    /// The smallest per-coordinate gain.
    public var minGain: Double = 0.01
    /// Steps longer than this (per point) are shortened to it; `nil` disables the limit.
    public var maxStepNorm: Double? = 5
    /// The Barnes–Hut accuracy: a cell of side s at distance d is summarised when s/d < θ (0 is exact).
    public var theta: Double = 0.5
    /// How the embedding starts.
    public var initialization: Initialization = .pca
    /// How the repulsive forces are computed.
    public var gradient: Gradient = .auto
    /// Seed of the initial jitter or noise: the same seed and thread count give bit-identical output.
    public var seed: UInt64 = 0
    /// How the nearest neighbours are found (`auto`: exact for small data, NN-descent from
    /// `KNN.approximateFrom` points).
    public var knn: KNNMethod = .auto
    /// Worker threads.
    public var threads: Int = 1
    /// The progress callback runs every this many iterations (and after the last).
    public var progressInterval: Int = 25

    public init() {}

    /// Checks every option, naming the first one out of range.
    func validate(points: Int) throws(ProjectionError) {
        func bad(_ name: String, _ reason: String) -> ProjectionError { .invalidOption(name: name, reason: reason) }
        guard perplexity > 0, perplexity.isFinite else { throw bad("perplexity", "\(perplexity) is not a positive number") }
        guard iterations >= 0 else { throw bad("iterations", "\(iterations) is negative") }
        guard earlyExaggeration > 0, earlyExaggeration.isFinite else {
            throw bad("exaggeration", "\(earlyExaggeration) is not a positive number")
        }
        guard earlyExaggerationIterations >= 0 else { throw bad("early exaggeration iterations", "must not be negative") }
        guard exaggeration > 0, exaggeration.isFinite else { throw bad("exaggeration", "\(exaggeration) is not positive") }
        if let lr = learningRate, !(lr > 0 && lr.isFinite) { throw bad("learning rate", "\(lr) is not a positive number") }
        guard (0..<1).contains(initialMomentum), (0..<1).contains(finalMomentum) else {
            throw bad("momentum", "must be in [0, 1)")
        }
        guard theta >= 0, theta.isFinite else { throw bad("theta", "\(theta) is negative") }
        guard threads >= 1 else { throw bad("threads", "\(threads) is less than 1") }
        guard progressInterval >= 1 else { throw bad("progress interval", "must be at least 1") }
        if case .given(let y) = initialization {
            guard y.count == 2 * points else {
                throw bad("initial embedding", "has \(y.count) values, not \(points)×2")
            }
            guard y.allSatisfy(\.isFinite) else { throw bad("initial embedding", "has a NaN or infinite value") }
        }
    }
}

/// A snapshot of a running optimisation, passed to the progress callback.
public struct TSNEProgress: Sendable {
    /// Iterations completed so far.
    public var iteration: Int
    /// Iterations the run will do in total.
    public var totalIterations: Int
    /// Whether the early exaggeration phase is running.
    public var isEarlyExaggeration: Bool
    /// The KL divergence of the current embedding (Barnes–Hut estimate of the normalisation).
    public var kl: Double
    /// The current embedding, row-major N × 2.
    public var embedding: [Float]
}

/// The outcome of a t-SNE run.
public struct TSNEResult: Sendable {
    /// The embedding, row-major N × 2, centred at the origin.
    public var embedding: [Float]
    /// The KL divergence of `embedding` against `affinities` (Barnes–Hut estimate of the normalisation); for a
    /// cancelled run, the last reported estimate (NaN when there was none).
    public var kl: Double
    /// Iterations completed (fewer than asked when cancelled).
    public var iterations: Int
    /// Whether the progress callback stopped the run.
    public var cancelled: Bool
    /// The perplexity used (lowered when there are too few points for the one asked).
    public var perplexity: Double
    /// The joint input affinities P.
    public var affinities: SparseAffinities
}
