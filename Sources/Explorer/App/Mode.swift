/// What the keys do and what the screen shows, each mode with its own state.
public indirect enum Mode: Equatable, Sendable {
    case browse
    /// The key overlay, over the mode it was opened from.
    case help(over: Mode)
    /// The path between marks A and B, its decoded frames, one of them large.
    case interpolation(InterpolationState)
    /// One slider per latent dimension editing a code, decoded live.
    case sliders(SlidersState)
    /// A grid of decoded thumbnails: one row per dimension, −3σ … +3σ around the current point.
    case traversal(TraversalState)
    /// The plot shaded by outlier score, with the ranked list.
    case outliers(OutliersState)
    /// Typing a search (`/`).
    case search(SearchState)

    /// The mode's kind, which decides its key bindings.
    public var kind: ModeKind {
        switch self {
        case .browse: return .browse
        case .help: return .help
        case .interpolation: return .interpolation
        case .sliders: return .sliders
        case .traversal: return .traversal
        case .outliers: return .outliers
        case .search: return .search
        }
    }

    /// The mode under the help overlay, or this mode.
    public var underHelp: Mode {
        if case .help(let over) = self { return over.underHelp }
        return self
    }
}

/// The kinds of mode (for key bindings and the status line).
public enum ModeKind: String, Hashable, Sendable, CaseIterable {
    case browse, interpolation, outliers, sliders, traversal, search, help

    /// The status line's name.
    public var statusName: String { rawValue.uppercased() }

    /// The heading of the mode's keys in the help and the README.
    public var title: String { rawValue }
}
