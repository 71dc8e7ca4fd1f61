// MARK: - AsciiEncoder

/// Draws an image as characters of a luminance ramp, one image pixel per cell, optionally coloured with the
/// pixel's grey from the 256-colour palette.
///
/// Terminal cells are about twice as tall as wide, so an undistorted image needs about half as many rows as
/// columns per image pixel row: `cells(for:columns:cellAspect:)` picks the rows, `fittedGrid` picks both.
public struct AsciiEncoder: ImageEncoder {
    /// From dark to bright (for a dark terminal background).
    public static let defaultRamp: [Character] = Array(" .:-=+*#%@")

    public var ramp: [Character]
    /// Colour each character with its pixel's grey (nearest 256-colour entry).
    public var greyColors: Bool
    /// Reverse the ramp (for light backgrounds).
    public var inverted: Bool
    public var filter: ScaleFilter

    public init(ramp: [Character] = AsciiEncoder.defaultRamp, greyColors: Bool = false, inverted: Bool = false,
                filter: ScaleFilter = .bilinear) {
        self.ramp = ramp.isEmpty ? Self.defaultRamp : ramp
        self.greyColors = greyColors
        self.inverted = inverted
        self.filter = filter
    }

    public func pixelsPerCell(cellSize: PixelSize) -> (x: Int, y: Int) { (1, 1) }

    public func encode(_ image: Image, columns: Int, rows: Int, cellSize: PixelSize) -> EncodedImage {
        .cells(cells(for: image, columns: columns, rows: rows))
    }

    /// The image as `columns × rows` cells.
    public func cells(for image: Image, columns: Int, rows: Int) -> CellBuffer {
        let w = max(1, columns), h = max(1, rows)
        let scaled = image.resized(width: w, height: h, filter: filter)
        var buffer = CellBuffer(width: w, height: h)
        let n = ramp.count
        for y in 0..<h {
            for x in 0..<w {
                let v = clampUnit(scaled.luminance(x: x, y: y))
                let level = min(n - 1, Int(v * Float(n)))
                let glyph = ramp[inverted ? n - 1 - level : level]
                let color: Color = greyColors ? Color.grey(unit: v).downgraded(to: .indexed256) : .default
                buffer[x, y] = Cell(glyph, foreground: color)
            }
        }
        return buffer
    }

    /// The image `columns` wide with rows chosen for cells `cellAspect` times taller than wide.
    public func cells(for image: Image, columns: Int, cellAspect: Double = 2) -> CellBuffer {
        let aspect = cellAspect.isFinite && cellAspect > 0 ? cellAspect : 2
        let rows = Int((Double(columns) * Double(image.height) / Double(image.width) / aspect).rounded())
        return cells(for: image, columns: columns, rows: max(1, rows))
    }
}
