// MARK: - HalfBlockCanvas

/// A canvas of half blocks: 1×2 dots per cell, each dot with its own colour.
///
/// A cell with both dots shows `▀` in the top colour over the bottom colour; a single dot shows `▀` or `▄`.
public struct HalfBlockCanvas: Canvas {
    public let width: Int
    public let height: Int
    public static var dotsPerCell: (x: Int, y: Int) { (1, 2) }
    public static var colorBlock: (x: Int, y: Int) { (1, 1) }

    /// Each dot's colour, nil where unpainted; row-major over `width × 2 * height` dots.
    public private(set) var dots: [Color?]
    var markers: [Int: Cell] = [:]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        dots = Array(repeating: nil, count: self.width * self.height * 2)
    }

    public mutating func paint(x: Int, y: Int, color: Color) {
        guard x >= 0, y >= 0, x < width, y < 2 * height else { return }
        dots[y * width + x] = color
    }

    public mutating func mark(column: Int, row: Int, cell: Cell) {
        guard column >= 0, column < width, row >= 0, row < height else { return }
        markers[row * width + column] = cell
    }

    public mutating func clear() {
        for i in dots.indices { dots[i] = nil }
        markers.removeAll(keepingCapacity: true)
    }

    public func draw(into buffer: inout CellBuffer, at origin: Position, background: Style) {
        for row in 0..<height {
            for column in 0..<width {
                let cell: Cell
                if let m = markers[row * width + column] {
                    cell = m
                } else {
                    let top = dots[2 * row * width + column], bottom = dots[(2 * row + 1) * width + column]
                    switch (top, bottom) {
                    case let (t?, b?):
                        cell = Cell("▀", foreground: t, background: b, attributes: background.attributes)
                    case let (t?, nil):
                        cell = Cell("▀", foreground: t, background: background.background, attributes: background.attributes)
                    case let (nil, b?):
                        cell = Cell("▄", foreground: b, background: background.background, attributes: background.attributes)
                    case (nil, nil):
                        cell = Cell(" ", style: background)
                    }
                }
                buffer[origin.x + column, origin.y + row] = cell
            }
        }
    }
}
