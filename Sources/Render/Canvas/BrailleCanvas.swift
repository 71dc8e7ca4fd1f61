// MARK: - BrailleCanvas

/// A canvas of braille characters: 2×4 dots per cell, one colour per cell.
///
/// A dot sets one bit of the cell's pattern (`pattern |= 1 << bit`) and the cell shows U+2800 + pattern.
public struct BrailleCanvas: Canvas {
    public let width: Int
    public let height: Int
    public static var dotsPerCell: (x: Int, y: Int) { (2, 4) }
    public static var colorBlock: (x: Int, y: Int) { (2, 4) }

    /// Each cell's dot pattern, row-major.
    public private(set) var patterns: [UInt8]
    /// Each cell's colour, row-major.
    public private(set) var colors: [Color]
    var markers: [Int: Cell] = [:]

    /// The bit of a dot at (column, row) inside its cell: rows 0–2 are bits 0–2 (left) and 3–5 (right);
    /// row 3 is bits 6 (left) and 7 (right).
    static let bits: [[UInt8]] = [[0, 3], [1, 4], [2, 5], [6, 7]]
    /// The 256 braille characters, indexed by pattern.
    static let glyphs: [Character] = (0..<256).map { Character(Unicode.Scalar(UInt32(0x2800 + $0))!) }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        patterns = Array(repeating: 0, count: self.width * self.height)
        colors = Array(repeating: .default, count: self.width * self.height)
    }

    public mutating func paint(x: Int, y: Int, color: Color) {
        guard x >= 0, y >= 0 else { return }
        let cx = x >> 1, cy = y >> 2
        guard cx < width, cy < height else { return }
        let i = cy * width + cx
        patterns[i] |= 1 << Self.bits[y & 3][x & 1]
        colors[i] = color
    }

    public mutating func mark(column: Int, row: Int, cell: Cell) {
        guard column >= 0, column < width, row >= 0, row < height else { return }
        markers[row * width + column] = cell
    }

    public mutating func clear() {
        for i in patterns.indices { patterns[i] = 0; colors[i] = .default }
        markers.removeAll(keepingCapacity: true)
    }

    public func draw(into buffer: inout CellBuffer, at origin: Position, background: Style) {
        for row in 0..<height {
            for column in 0..<width {
                let i = row * width + column
                let cell: Cell
                if let m = markers[i] {
                    cell = m
                } else if patterns[i] != 0 {
                    cell = Cell(Self.glyphs[Int(patterns[i])], foreground: colors[i], background: background.background,
                                attributes: background.attributes)
                } else {
                    cell = Cell(" ", style: background)
                }
                buffer[origin.x + column, origin.y + row] = cell
            }
        }
    }
}
