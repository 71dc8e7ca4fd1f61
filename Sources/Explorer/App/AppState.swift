import Render

/// The explorer's whole state as a value: what `update` changes and `view` draws.
public struct AppState: Equatable, Sendable {
    /// What the keys do and what the screen shows.
    public enum Mode: Equatable, Sendable {
        case browse
        case help
        /// The path between marks A and B, its decoded frames, one of them large.
        case interpolate
        /// One slider per latent dimension editing a code, decoded live.
        case sliders
        /// A grid of decoded thumbnails: one row per dimension, −3σ … +3σ around the current point.
        case traversal
        /// The plot shaded by outlier score, with the ranked list.
        case outliers
        /// Typing a search (`/`): an index `#1234`, a class name prefix, `worst` or `best`.
        case search
    }

    /// A point in data (projection) coordinates.
    public struct Point: Equatable, Sendable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    public var width: Int
    public var height: Int
    /// How the terminal draws (the cell size changes when the font does).
    public var display: DisplayOptions
    public var mode: Mode = .browse
    public var projection: ProjectionKind
    /// The plotted coordinates, N × 2 row-major, of the current projection.
    public var coordinates: [Float] = []
    public var tsne: TSNEStatus = .idle
    /// How far a running t-SNE's nearest-neighbour search is, until its first iteration.
    public var tsneNeighbors: NeighborSearchProgress?
    /// The finished t-SNE embedding, once there is one.
    public var tsneCoordinates: [Float]?
    /// The projection to return to when a t-SNE run is cancelled.
    public var projectionBeforeTSNE: ProjectionKind?
    public var viewport: Viewport
    /// True once the user zoomed or panned: a live t-SNE then stops refitting the view.
    public var viewLocked = false
    public var cursor: Point
    /// The visible point nearest the cursor: highlighted, and shown in the sample pane.
    public var hover: Int?
    /// The pinned point (Enter or a click).
    public var selection: Int?
    public var hiddenClasses: Set<Int> = []
    /// Draw hidden classes in grey instead of leaving them out.
    public var greyHidden = false
    /// A one-off message for the status line (cleared by the next key).
    public var status: String?
    /// The interpolation endpoints (`a`/`b` on a point, `A`/`B` on its class mean).
    public var markA: Mark?
    public var markB: Mark?
    public var interpolation = InterpolationState()
    /// The code being edited in sliders mode (nil until `s` is pressed).
    public var sliders: SliderState?
    public var outliers = OutlierState()
    public var search = SearchState()
    /// The first row shown in the traversal grid.
    public var traversalScroll = 0

    public init(width: Int, height: Int, projection: ProjectionKind, display: DisplayOptions = DisplayOptions()) {
        self.width = width
        self.height = height
        self.display = display
        self.projection = projection
        self.viewport = Viewport(centerX: 0, centerY: 0, unitsPerDotX: 1, unitsPerDotY: 1)
        self.cursor = Point(x: 0, y: 0)
    }

    /// The point the sample pane shows: the one under the cursor, else the pinned one.
    public var current: Int? { hover ?? selection }
}

/// An interpolation endpoint: a data point's code, or the mean code of a class.
public enum Mark: Equatable, Sendable, Codable {
    case point(Int)
    case classMean(Int)
}

/// The interpolation between the marks.
public struct InterpolationState: Equatable, Sendable, Codable {
    /// Frames including both ends (2 … 32).
    public var steps = 8
    public var spherical = false
    /// The frame shown large.
    public var frame = 0
    /// The path's plot coordinates (steps × 2), computed when the path changes.
    public var pathCoordinates: [Float] = []
    public init() {}
}

/// The code edited with the sliders.
public struct SliderState: Equatable, Sendable, Codable {
    /// The point whose code the edit started from (`r` resets to it).
    public var origin: Int
    public var code: [Float]
    /// The highlighted dimension, as a row of `order`.
    public var row = 0
    /// Rows sorted by activity (VAE KL per dimension) instead of by index.
    public var byActivity = false
    /// The ghost point's plot coordinates.
    public var ghost: [Float] = []
    public init(origin: Int, code: [Float]) {
        self.origin = origin
        self.code = code
    }
}

/// The outliers list.
public struct OutlierState: Equatable, Sendable {
    public enum Method: String, Equatable, Sendable { case recon, knn }
    public var method: Method = .recon
    /// The highlighted rank (0-based).
    public var row = 0
    public init() {}
}

/// The `/` search.
public struct SearchState: Equatable, Sendable {
    /// What is being typed.
    public var query = ""
    /// Points matching the last search, in order.
    public var matches: [Int] = []
    public var index = 0
    public init() {}
}
