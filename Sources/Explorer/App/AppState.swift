import Render

/// The explorer's whole state as a value: what `update` changes and `view` draws.
public struct AppState: Equatable, Sendable {
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
    /// The mode and its own state.
    public var mode: Mode = .browse

    // MARK: The plot

    public var projection: ProjectionKind
    /// The plotted coordinates, N × 2 row-major, of the current projection.
    public var coordinates: [Float] = []
    /// The background projections (t-SNE, …): running, finished or failed, with their latest coordinates.
    public var runs: [ProjectionMethod: ProjectionRun] = [:]
    public var viewport: Viewport
    /// True once the user zoomed or panned: a live projection then stops refitting the view.
    public var viewLocked = false
    public var cursor: Point
    /// The visible point nearest the cursor: highlighted, and shown in the sample pane.
    public var hover: Int?
    /// The pinned point (Enter or a click).
    public var selection: Int?
    public var hiddenClasses: Set<Int> = []
    /// Draw hidden classes in grey instead of leaving them out.
    public var greyHidden = false

    // MARK: What outlives a mode

    /// The interpolation endpoints (`a`/`b` on a point, `A`/`B` on its class mean).
    public var markA: Mark?
    public var markB: Mark?
    /// Steps and linear/spherical, kept between visits to the interpolation (and in sessions).
    public var interpolation = InterpolationSettings()
    /// The last search's matches, stepped through with `n`/`N`.
    public var searchResults: SearchResults?
    /// A one-off message for the status line (cleared by the next key).
    public var status: String?

    /// Results of heavy work (decodes, nearest codes, placements, outlier scores) the state needs, and the work
    /// asked for and not back yet.
    public var work = WorkStore()

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

    /// The run of a background projection, if one was started.
    public func run(_ method: ProjectionMethod) -> ProjectionRun? { runs[method] }
}

/// An interpolation endpoint: a data point's code, or the mean code of a class.
public enum Mark: Equatable, Hashable, Sendable, Codable {
    case point(Int)
    case classMean(Int)
}

/// The interpolation's settings.
public struct InterpolationSettings: Equatable, Sendable, Codable {
    /// Frames including both ends (2 … 32).
    public var steps = 8
    public var spherical = false
    public init() {}
}

/// The matches of the last search, and the one shown.
public struct SearchResults: Equatable, Sendable {
    public var query: String
    public var matches: [Int]
    public var index = 0
}
