import Render

/// The explorer's whole state as a value: what `update` changes and `view` draws.
public struct AppState: Equatable, Sendable {
    /// What the keys do and what the screen shows.
    public enum Mode: Equatable, Sendable {
        case browse
        case help
    }

    /// A point in data (projection) coordinates.
    public struct Point: Equatable, Sendable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    public var width: Int
    public var height: Int
    public var mode: Mode = .browse
    public var projection: ProjectionKind
    /// The plotted coordinates, N × 2 row-major, of the current projection.
    public var coordinates: [Float] = []
    public var tsne: TSNEStatus = .idle
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

    public init(width: Int, height: Int, projection: ProjectionKind) {
        self.width = width
        self.height = height
        self.projection = projection
        self.viewport = Viewport(centerX: 0, centerY: 0, unitsPerDotX: 1, unitsPerDotY: 1)
        self.cursor = Point(x: 0, y: 0)
    }

    /// The point the sample pane shows: the one under the cursor, else the pinned one.
    public var current: Int? { hover ?? selection }
}
