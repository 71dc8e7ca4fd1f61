import Render

/// What the terminal can show, decided once at start (from the capability probe and flags).
public struct DisplayOptions: Equatable, Sendable {
    public var canvas: CanvasKind
    public var images: ImageFormat
    public var colors: ColorDepth
    /// Pixels per character cell, for sixel images and aspect correction.
    public var cellSize: PixelSize
    /// Where `cellSize` came from.
    public var cellSizeSource: CellSizeSource
    /// The sixel colour registers the terminal has (images are quantised to this many colours).
    public var sixelRegisters: Int
    /// Whether the terminal takes UTF-8; without it every screen is drawn in ASCII (see `ASCIIFallback`).
    public var unicode: Bool
    /// What the terminal was found to support, in one line (the help overlay shows it).
    public var terminalSummary: String?

    /// - Parameter unicode: whether the terminal takes UTF-8; default: unless the canvas is `.character`.
    public init(canvas: CanvasKind = .braille, images: ImageFormat = .blocks, colors: ColorDepth = .indexed256,
                cellSize: PixelSize = TerminalCapabilities.assumedCellSize, cellSizeSource: CellSizeSource = .assumed,
                sixelRegisters: Int = 256, unicode: Bool? = nil) {
        self.canvas = canvas
        self.images = images
        self.colors = colors
        self.cellSize = cellSize
        self.cellSizeSource = cellSizeSource
        self.sixelRegisters = min(256, max(2, sixelRegisters))
        self.unicode = unicode ?? (canvas != .character)
    }

    /// Data units per dot vertically ÷ horizontally that make a circle look round.
    public var dotAspect: Double {
        Viewport.dotAspect(cellSize: cellSize, dotsPerCell: dotsPerCell)
    }

    /// The encoder for the image format, colours and sixel registers.
    public func imageEncoder() -> any ImageEncoder {
        images.encoder(colorDepth: colors, sixelRegisters: sixelRegisters)
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
