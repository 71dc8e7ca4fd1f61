// MARK: - CharacterCanvas

/// A canvas of plain ASCII characters for terminals without Unicode: one dot per cell, whose glyph grows
/// denser with the number of paints it received (`.` one, `:` two, `+` up to 4, `*` up to 8, `#` up to 16,
/// `@` more).
public struct CharacterCanvas: Canvas {
    public let width: Int
    public let height: Int
    public static var dotsPerCell: (x: Int, y: Int) { (1, 1) }
    public static var colorBlock: (x: Int, y: Int) { (1, 1) }

    /// Paints per cell, row-major.
    public private(set) var counts: [Int32]
    /// Each cell's colour, row-major.
    public private(set) var colors: [Color]
    var markers: [Int: Cell] = [:]

    /// The density ramp and the smallest count for each glyph.
    static let ramp: [(count: Int32, glyph: Character)] = [(1, "."), (2, ":"), (3, "+"), (5, "*"), (9, "#"), (17, "@")]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        counts = Array(repeating: 0, count: self.width * self.height)
        colors = Array(repeating: .default, count: self.width * self.height)
    }

    public mutating func paint(x: Int, y: Int, color: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        counts[i] &+= 1
        colors[i] = color
    }

    /// Adds `count` paints at once to a cell (the scatter rasteriser uses it to pass point counts).
    public mutating func paint(x: Int, y: Int, color: Color, count: Int) {
        guard x >= 0, y >= 0, x < width, y < height, count > 0 else { return }
        let i = y * width + x
        counts[i] = Int32(clamping: Int(counts[i]) + count)
        colors[i] = color
    }

    public mutating func mark(column: Int, row: Int, cell: Cell) {
        guard column >= 0, column < width, row >= 0, row < height else { return }
        markers[row * width + column] = cell
    }

    public mutating func clear() {
        for i in counts.indices { counts[i] = 0; colors[i] = .default }
        markers.removeAll(keepingCapacity: true)
    }

    /// The glyph for a cell painted `count` times (a space for 0).
    public static func glyph(forCount count: Int32) -> Character {
        var g: Character = " "
        for step in ramp where count >= step.count { g = step.glyph }
        return g
    }

    public func draw(into buffer: inout CellBuffer, at origin: Position, background: Style) {
        for row in 0..<height {
            for column in 0..<width {
                let i = row * width + column
                let cell: Cell
                if let m = markers[i] {
                    cell = m
                } else if counts[i] > 0 {
                    cell = Cell(Self.glyph(forCount: counts[i]), foreground: colors[i], background: background.background,
                                attributes: background.attributes)
                } else {
                    cell = Cell(" ", style: background)
                }
                buffer[origin.x + column, origin.y + row] = cell
            }
        }
    }
}
