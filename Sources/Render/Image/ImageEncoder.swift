// MARK: - EncodedImage

/// What an image encoder produces: cells to place into a `CellBuffer`, sixel bytes, or a kitty graphics image
/// for the terminal layer to write at a pane's origin. Nothing here writes to the terminal (after chafa's
/// canvases).
public enum EncodedImage: Equatable, Sendable {
    case cells(CellBuffer)
    case sixel([UInt8], size: PixelSize)
    case kitty(KittyImage)

    /// Text for stdout: cells as lines with SGR escapes for `depth` and a final newline, sixel bytes as is.
    public func text(depth: ColorDepth) -> String {
        switch self {
        case .cells(let buffer): return buffer.ansiText(depth: depth) + "\n"
        case .sixel(let bytes, _): return String(decoding: bytes, as: UTF8.self)
        case .kitty(let image): return String(decoding: image.transmit(id: 1, moveCursor: true), as: UTF8.self) + "\n"
        }
    }
}

// MARK: - ImageEncoder

/// Turns an image into something a terminal can show in a block of cells.
public protocol ImageEncoder: Sendable {
    /// Image pixels per cell this encoder draws, horizontally and vertically, for a terminal whose cells are
    /// `cellSize` pixels large (ASCII: 1×1, half blocks: 1×2, sixel: the cell's pixels).
    func pixelsPerCell(cellSize: PixelSize) -> (x: Int, y: Int)

    /// Encodes `image` to fill exactly `columns × rows` cells of a terminal with `cellSize`-pixel cells.
    func encode(_ image: Image, columns: Int, rows: Int, cellSize: PixelSize) -> EncodedImage
}

extension ImageEncoder {
    /// The largest `columns × rows` within the limits that shows `image` undistorted (at least 1×1), for a
    /// terminal with `cellSize`-pixel cells.
    public func fittedGrid(for image: Image, maxColumns: Int, maxRows: Int, cellSize: PixelSize) -> (columns: Int, rows: Int) {
        let cw = Double(max(1, cellSize.width)), ch = Double(max(1, cellSize.height))
        let aspect = Double(image.height) / Double(image.width)  // screen height / width wanted
        var columns = max(1, maxColumns)
        var rows = Int((Double(columns) * cw * aspect / ch).rounded())
        if rows > maxRows {
            rows = max(1, maxRows)
            columns = max(1, min(maxColumns, Int((Double(rows) * ch / (aspect * cw)).rounded())))
        }
        return (columns, max(1, rows))
    }
}
