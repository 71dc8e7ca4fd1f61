// MARK: - KittyEncoder

/// Draws an image with the kitty graphics protocol: the terminal shows the image's own pixels scaled to the
/// cells (see `KittyImage`).
public struct KittyEncoder: ImageEncoder {
    public init() {}

    public func pixelsPerCell(cellSize: PixelSize) -> (x: Int, y: Int) {
        (max(1, cellSize.width), max(1, cellSize.height))
    }

    public func encode(_ image: Image, columns: Int, rows: Int, cellSize: PixelSize) -> EncodedImage {
        .kitty(KittyImage(image, columns: columns, rows: rows))
    }
}
