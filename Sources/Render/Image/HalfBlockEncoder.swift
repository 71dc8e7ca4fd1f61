// MARK: - HalfBlockEncoder

/// Draws an image with `▀`, two pixels per cell: the top pixel as foreground, the bottom one as background.
///
/// Colours are truecolor or downgraded to the depth (256 colours: nearest cube or grey-ramp entry). In
/// `.mono` each half is thresholded at 0.5 and drawn as ` `, `▀`, `▄` or `█` in the default colours.
public struct HalfBlockEncoder: ImageEncoder {
    public var depth: ColorDepth
    public var filter: ScaleFilter

    public init(depth: ColorDepth = .indexed256, filter: ScaleFilter = .bilinear) {
        self.depth = depth
        self.filter = filter
    }

    public func pixelsPerCell(cellSize: PixelSize) -> (x: Int, y: Int) { (1, 2) }

    public func encode(_ image: Image, columns: Int, rows: Int, cellSize: PixelSize) -> EncodedImage {
        .cells(cells(for: image, columns: columns, rows: rows))
    }

    /// The image as `columns × rows` cells (scaled to `columns × 2·rows` pixels).
    public func cells(for image: Image, columns: Int, rows: Int) -> CellBuffer {
        let w = max(1, columns), h = max(1, rows)
        let scaled = image.resized(width: w, height: 2 * h, filter: filter)
        var buffer = CellBuffer(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                let top = scaled.rgb(x: x, y: 2 * y), bottom = scaled.rgb(x: x, y: 2 * y + 1)
                if depth == .mono {
                    let t = luminance(top) >= 0.5, b = luminance(bottom) >= 0.5
                    buffer[x, y] = Cell(t ? (b ? "█" : "▀") : (b ? "▄" : " "))
                } else {
                    buffer[x, y] = Cell("▀", foreground: color(top), background: color(bottom))
                }
            }
        }
        return buffer
    }

    func color(_ c: (Float, Float, Float)) -> Color {
        Color.rgb(unit: c.0, c.1, c.2).downgraded(to: depth)
    }

    func luminance(_ c: (Float, Float, Float)) -> Float {
        0.2126 * c.0 + 0.7152 * c.1 + 0.0722 * c.2
    }
}
