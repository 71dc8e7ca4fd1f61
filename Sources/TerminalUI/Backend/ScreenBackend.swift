import Render

/// One cell to draw.
public struct CellChange: Equatable, Sendable {
    public var position: Position
    public var cell: Cell

    public init(position: Position, cell: Cell) {
        self.position = position
        self.cell = cell
    }
}

/// What the screen writer needs of a terminal: draw cells, repaint rows in full, write image bytes at a cell.
///
/// `ScreenWriter` decides what to draw (the cell diff and the `ImagePlacementPlanner`'s plan); a backend
/// only carries it out. `CursesBackend` draws through ncurses; `TestBackend` records everything for tests.
public protocol ScreenBackend: AnyObject {
    /// The screen size in cells.
    var size: (width: Int, height: Int) { get }

    /// Draws the cells: the whole screen from blank when `clear` is set, else only the changed cells, with the
    /// rows in `repaintRows` written again in full (the terminal may hold image pixels there that no cell
    /// change would remove). Cells are visible when this returns.
    func draw(_ changes: [CellChange], clear: Bool, repaintRows: [Int])

    /// Writes an image's bytes (sixel) with its top left corner at `area`'s, after the cells are drawn,
    /// leaving the cursor where it was; the image covers `area`'s cells.
    func writeImage(_ bytes: [UInt8], in area: Rect)
}
