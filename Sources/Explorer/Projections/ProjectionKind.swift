/// Which 2-D view of the latent codes the plot shows.
public enum ProjectionKind: Hashable, Sendable {
    /// Principal components `x` and `y` (0-based) on the axes.
    case pca(x: Int, y: Int)
    /// The two latent dimensions themselves (2-d latents only).
    case raw
    /// An embedding computed in the background (t-SNE, …).
    case learned(ProjectionMethod)

    /// A short name for the title line.
    public var name: String {
        switch self {
        case .pca(let x, let y): return "PCA \(x + 1)/\(y + 1)"
        case .raw: return "raw latent"
        case .learned(let method): return method.title
        }
    }

    /// How sessions and file names write it: `pca:X:Y`, `raw`, or the method's name.
    public var tag: String {
        switch self {
        case .pca(let x, let y): return "pca:\(x):\(y)"
        case .raw: return "raw"
        case .learned(let method): return method.rawValue
        }
    }

    /// How exported file names write it: `pca1-2` (components counted from 1), `raw`, or the method's name.
    public var fileTag: String {
        switch self {
        case .pca(let x, let y): return "pca\(x + 1)-\(y + 1)"
        case .raw: return "raw"
        case .learned(let method): return method.rawValue
        }
    }

    /// The projection a tag names.
    public init?(tag: String) {
        let parts = tag.split(separator: ":")
        switch parts.first.map(String.init) {
        case "pca" where parts.count == 3:
            guard let x = Int(parts[1]), let y = Int(parts[2]) else { return nil }
            self = .pca(x: x, y: y)
        case "raw": self = .raw
        case let name?:
            guard let method = ProjectionMethod(rawValue: name) else { return nil }
            self = .learned(method)
        case nil: return nil
        }
    }
}

/// The projections computed in the background. Adding one: a case here, a job file beside `TSNEProjection`,
/// and a keymap entry.
public enum ProjectionMethod: String, Hashable, Sendable, CaseIterable {
    case tsne
    case umap

    /// Its name on screen.
    public var title: String {
        switch self {
        case .tsne: return "t-SNE"
        case .umap: return "UMAP"
        }
    }

    /// What one step of its optimisation is called on screen.
    public var stepName: String {
        switch self {
        case .tsne: return "iteration"
        case .umap: return "epoch"
        }
    }
}
