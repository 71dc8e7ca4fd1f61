/// Which 2-D view of the latent codes the plot shows.
public enum ProjectionKind: Hashable, Sendable {
    /// Principal components `x` and `y` (0-based) on the axes.
    case pca(x: Int, y: Int)
    case tsne
    /// The two latent dimensions themselves (2-d latents only).
    case raw

    /// A short name for the title line.
    public var name: String {
        switch self {
        case .pca(let x, let y): return "PCA \(x + 1)/\(y + 1)"
        case .tsne: return "t-SNE"
        case .raw: return "raw latent"
        }
    }
}

/// Points done of the nearest-neighbour search that starts a t-SNE run.
public struct NeighborSearchProgress: Equatable, Sendable {
    public var done: Int
    public var total: Int

    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }
}

/// Progress of the background t-SNE run.
public enum TSNEStatus: Equatable, Sendable {
    case idle
    case running(iteration: Int, total: Int, kl: Double?)
    case finished(kl: Double?)
    case failed(String)
}
