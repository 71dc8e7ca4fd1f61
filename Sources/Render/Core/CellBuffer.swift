// MARK: - CellBuffer

/// A grid of cells: what a screen or a widget draws into, compared frame to frame to send only what changed.
///
/// Cells are stored row by row. Reads outside the grid return `Cell.blank`; writes outside it are dropped, so
/// widgets can draw without checking bounds.
public struct CellBuffer: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]

    /// A buffer of `width × height` copies of `fill` (negative sizes become 0).
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var bounds: Rect { Rect(width: width, height: height) }

    // MARK: - Access

    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, x < width, y >= 0, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    public subscript(p: Position) -> Cell {
        get { self[p.x, p.y] }
        set { self[p.x, p.y] = newValue }
    }

    // MARK: - Drawing

    /// Writes `string` from `position` rightwards, one cell per character, clipped to `clip` and the buffer.
    ///
    /// Control characters (newline, tab, escape, ...) are drawn as spaces, so no escape sequence can reach the
    /// terminal through a cell. Returns the column after the last character, whether or not it was clipped.
    @discardableResult
    public mutating func write(_ string: String, at position: Position, style: Style = .plain,
                               clippedTo clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        var x = position.x
        let y = position.y
        let rowInside = y >= area.y && y < area.maxY
        for ch in string {
            if rowInside && x >= area.x && x < area.maxX {
                cells[y * width + x] = Cell(Self.printable(ch), style: style)
            }
            x += 1
        }
        return x
    }

    /// Writes `string` at column `x`, row `y` (see `write(_:at:style:clippedTo:)`).
    @discardableResult
    public mutating func write(_ string: String, x: Int, y: Int, style: Style = .plain,
                               clippedTo clip: Rect? = nil) -> Int {
        write(string, at: Position(x: x, y: y), style: style, clippedTo: clip)
    }

    /// Sets every cell of `rect` (clipped to the buffer) to `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let row = y * width
            for x in r.x..<r.maxX { cells[row + x] = cell }
        }
    }

    /// Sets every cell of `rect` to a space in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        fill(rect, with: Cell(" ", style: style))
    }

    /// Resets every cell to `cell`.
    public mutating func clear(to cell: Cell = .blank) {
        for i in cells.indices { cells[i] = cell }
    }

    /// Copies `other` into this buffer with its top left at `position`, clipped to `clip` and the buffer.
    public mutating func draw(_ other: CellBuffer, at position: Position, clippedTo clip: Rect? = nil) {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        let target = Rect(x: position.x, y: position.y, width: other.width, height: other.height).intersection(area)
        guard !target.isEmpty else { return }
        for y in target.y..<target.maxY {
            let src = (y - position.y) * other.width - position.x
            for x in target.x..<target.maxX { cells[y * width + x] = other.cells[src + x] }
        }
    }

    /// Changes the size, keeping the cells that still fit and filling new ones with `fill`.
    public mutating func resize(width newWidth: Int, height newHeight: Int, fill: Cell = .blank) {
        var next = CellBuffer(width: newWidth, height: newHeight, fill: fill)
        next.draw(self, at: Position(x: 0, y: 0))
        self = next
    }

    // MARK: - Diff

    /// The cells that differ from `previous`, row by row, as `(x, y, cell)` with this buffer's cell.
    ///
    /// When the sizes differ every cell of this buffer is returned (the terminal must redraw everything).
    public func diff(from previous: CellBuffer) -> [(x: Int, y: Int, cell: Cell)] {
        var changes: [(x: Int, y: Int, cell: Cell)] = []
        if previous.width != width || previous.height != height {
            changes.reserveCapacity(cells.count)
            for y in 0..<height { for x in 0..<width { changes.append((x, y, cells[y * width + x])) } }
            return changes
        }
        for i in cells.indices where cells[i] != previous.cells[i] {
            changes.append((i % width, i / width, cells[i]))
        }
        return changes
    }

    // MARK: - Helpers

    /// `ch`, or a space when it is a control character.
    static func printable(_ ch: Character) -> Character {
        guard let scalar = ch.unicodeScalars.first else { return " " }
        if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) { return " " }
        return ch
    }
}
