// MARK: - Canvas

/// A grid of cells subdivided into dots that can be painted: the one protocol behind the braille, half-block
/// and character canvases (after ratatui's canvas grids).
///
/// Dot coordinates start at the top left; a canvas of `width × height` cells has
/// `width * dotsPerCell.x × height * dotsPerCell.y` dots. Painting outside the canvas is ignored. Dots in one
/// `colorBlock` share a single colour (a braille cell has one foreground colour for its 8 dots); the last paint
/// in a block decides it. Cell markers (`mark`) are drawn over the dots.
public protocol Canvas: Sendable {
    /// Width in cells.
    var width: Int { get }
    /// Height in cells.
    var height: Int { get }
    /// Dots per cell horizontally and vertically.
    static var dotsPerCell: (x: Int, y: Int) { get }
    /// Dots sharing one colour, horizontally and vertically (a divisor of `dotsPerCell`).
    static var colorBlock: (x: Int, y: Int) { get }

    /// Paints the dot at dot coordinates (`x`, `y`) in `color`.
    mutating func paint(x: Int, y: Int, color: Color)
    /// Paints the dot as if `count` points fell on it (only density canvases care; others paint once).
    mutating func paint(x: Int, y: Int, color: Color, count: Int)
    /// Puts `cell` over the cell at (`column`, `row`), hiding the dots there.
    mutating func mark(column: Int, row: Int, cell: Cell)
    /// Removes every dot and marker.
    mutating func clear()
    /// Writes the canvas into `buffer` with its top left cell at `origin`; cells without dots or markers
    /// become spaces in `background` (so the canvas fully replaces what was there), clipped to the buffer.
    func draw(into buffer: inout CellBuffer, at origin: Position, background: Style)
}

extension Canvas {
    public mutating func paint(x: Int, y: Int, color: Color, count: Int) {
        if count > 0 { paint(x: x, y: y, color: color) }
    }

    /// Width in dots.
    public var dotWidth: Int { width * Self.dotsPerCell.x }
    /// Height in dots.
    public var dotHeight: Int { height * Self.dotsPerCell.y }

    /// The canvas drawn into a new buffer of its own size (for tests and headless output).
    public func cellBuffer(background: Style = .plain) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        draw(into: &buffer, at: Position(x: 0, y: 0), background: background)
        return buffer
    }

    /// Draws a line between two dots (Bresenham), every dot in `color`.
    public mutating func line(from x0: Int, _ y0: Int, to x1: Int, _ y1: Int, color: Color) {
        // Clamp absurd coordinates so a far-away endpoint cannot make the walk long.
        let limit = 4 * (dotWidth + dotHeight) + 16
        guard abs(x0) < limit * 4, abs(x1) < limit * 4, abs(y0) < limit * 4, abs(y1) < limit * 4 else {
            return
        }
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            paint(x: x, y: y, color: color)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}

// MARK: - CanvasDrawing

/// Something that draws itself on any canvas (a scatter plot in a viewport, a line chart).
public protocol CanvasDrawing {
    /// Draws on `canvas` (which is not cleared first).
    func draw<C: Canvas>(on canvas: inout C)
}

extension CanvasDrawing {
    /// The drawing on a new canvas of `kind` and `columns × rows` cells, as a cell buffer.
    public func render(kind: CanvasKind, columns: Int, rows: Int, background: Style = .plain) -> CellBuffer {
        switch kind {
        case .braille:
            var c = BrailleCanvas(width: columns, height: rows)
            draw(on: &c)
            return c.cellBuffer(background: background)
        case .halfBlock:
            var c = HalfBlockCanvas(width: columns, height: rows)
            draw(on: &c)
            return c.cellBuffer(background: background)
        case .character:
            var c = CharacterCanvas(width: columns, height: rows)
            draw(on: &c)
            return c.cellBuffer(background: background)
        }
    }
}

// MARK: - CanvasKind

/// The canvases a plot can be drawn on, for choosing one from terminal capabilities or a flag.
public enum CanvasKind: String, CaseIterable, Sendable {
    /// 2×4 braille dots per cell, one colour per cell (needs Unicode).
    case braille
    /// 1×2 half-block dots per cell, one colour per dot (needs Unicode).
    case halfBlock
    /// One ASCII character per cell whose glyph shows how many points fall in it (any terminal).
    case character
}
