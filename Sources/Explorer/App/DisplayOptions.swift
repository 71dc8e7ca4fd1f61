import Render

/// What the terminal can show, decided once at start (from the capability probe and flags).
public struct DisplayOptions: Equatable, Sendable {
    public var canvas: CanvasKind
    public var images: ImageFormat
    public var colors: ColorDepth
    /// Pixels per character cell, for sixel images and aspect correction.
    public var cellSize: PixelSize

    public init(canvas: CanvasKind = .braille, images: ImageFormat = .blocks, colors: ColorDepth = .indexed256,
                cellSize: PixelSize = PixelSize(width: 10, height: 20)) {
        self.canvas = canvas
        self.images = images
        self.colors = colors
        self.cellSize = cellSize
    }

    /// Data units per dot vertically ÷ horizontally that make a circle look round.
    public var dotAspect: Double {
        Viewport.dotAspect(cellSize: cellSize, dotsPerCell: dotsPerCell)
    }

    /// Dots per character cell of the plot canvas.
    public var dotsPerCell: (x: Int, y: Int) {
        switch canvas {
        case .braille: return BrailleCanvas.dotsPerCell
        case .halfBlock: return HalfBlockCanvas.dotsPerCell
        case .character: return CharacterCanvas.dotsPerCell
        }
    }
}
