import Render

/// One screen: the cells, and the sixel images to place over blank cells after the cells are drawn.
public struct Frame: Equatable, Sendable {
    public var buffer: CellBuffer
    public var images: [PlacedImage]

    public init(buffer: CellBuffer, images: [PlacedImage] = []) {
        self.buffer = buffer
        self.images = images
    }
}

/// A sixel image and the cells it covers (its top left cell and size in cells).
public struct PlacedImage: Equatable, Sendable {
    public var area: Rect
    public var sixel: [UInt8]

    public init(area: Rect, sixel: [UInt8]) {
        self.area = area
        self.sixel = sixel
    }
}
