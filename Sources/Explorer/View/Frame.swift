import Render

/// One screen: the cells, and the images to place over them after the cells are drawn.
public struct Frame: Equatable, Sendable {
    public var buffer: CellBuffer
    public var images: [PlacedImage]

    public init(buffer: CellBuffer, images: [PlacedImage] = []) {
        self.buffer = buffer
        self.images = images
    }
}

/// An image's escape sequences and the cells it covers (its top left cell and size in cells).
public struct PlacedImage: Equatable, Sendable {
    /// Where the terminal keeps an image's pixels, which decides how it is replaced and removed.
    public enum Layer: Equatable, Sendable {
        /// Sixel: pixels in the text layer, removed by text written over them (rows are repainted to clear them).
        case sixel
        /// The kitty graphics protocol: pixels above the text, kept until replaced by an image with the same id
        /// or deleted by id.
        case kitty(id: UInt32)
    }

    public var area: Rect
    public var bytes: [UInt8]
    public var layer: Layer

    public init(area: Rect, bytes: [UInt8], layer: Layer = .sixel) {
        self.area = area
        self.bytes = bytes
        self.layer = layer
    }

    /// The kitty image id of the pane at `area` (stable while the pane stays, so a redraw replaces the image).
    public static func kittyID(for area: Rect) -> UInt32 {
        UInt32(1 + area.y * 1024 + area.x)
    }
}

extension Frame {
    /// An empty frame of a size.
    init(width: Int, height: Int) {
        self.init(buffer: CellBuffer(width: width, height: height))
    }

    /// Removes the images that overlap `area` (an overlay drawn over them: sixel and kitty pixels would paint
    /// over its text).
    mutating func removeImages(overlapping area: Rect) {
        images.removeAll { !$0.area.intersection(area).isEmpty }
    }
}

/// A pane of the screen: draws itself into its area of a frame (cells and image placements), nothing outside.
protocol Widget {
    func render(in area: Rect, into frame: inout Frame)
}
