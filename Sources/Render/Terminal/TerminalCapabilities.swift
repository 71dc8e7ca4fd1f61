// MARK: - TerminalCapabilities

/// What the terminal can show, as plain data: colour depth, sixel graphics, cell size in pixels, Unicode.
///
/// Built in two steps, both pure: `fromEnvironment(_:)` guesses from environment variables, then the
/// terminal layer sends the DA1 and cell-size queries and folds the answers in with `applying(_:)` and
/// `applying(cellSize:)` (parsed by `TerminalReplies`).
public struct TerminalCapabilities: Equatable, Sendable {
    /// A terminal multiplexer between the program and the real terminal.
    public enum Multiplexer: String, Equatable, Sendable {
        case tmux
        case screen
    }

    public var colorDepth: ColorDepth
    /// Whether the terminal draws sixel images (DA1 attribute 4).
    public var sixel: Bool
    /// The size of one cell in pixels, if the terminal said.
    public var cellSize: PixelSize?
    /// Whether the terminal takes UTF-8 (braille, half blocks, box drawing); otherwise only ASCII is drawn.
    public var unicode: Bool
    public var multiplexer: Multiplexer?

    public init(colorDepth: ColorDepth, sixel: Bool = false, cellSize: PixelSize? = nil, unicode: Bool,
                multiplexer: Multiplexer? = nil) {
        self.colorDepth = colorDepth
        self.sixel = sixel
        self.cellSize = cellSize
        self.unicode = unicode
        self.multiplexer = multiplexer
    }

    /// The cell size assumed when the terminal does not report one (a common 10×20-pixel font cell).
    public static let assumedCellSize = PixelSize(width: 10, height: 20)

    /// The cell size to compute with: the reported one or `assumedCellSize`.
    public var effectiveCellSize: PixelSize { cellSize ?? Self.assumedCellSize }

    // MARK: - Answers

    /// The capabilities with the DA1 answer folded in (sixel when attribute 4 is listed).
    public func applying(_ attributes: DeviceAttributes) -> TerminalCapabilities {
        var c = self
        c.sixel = attributes.supportsSixel
        return c
    }

    /// The capabilities with a reported cell size.
    public func applying(cellSize: PixelSize) -> TerminalCapabilities {
        var c = self
        c.cellSize = cellSize
        return c
    }

    // MARK: - Choices

    /// How images are best drawn: sixel if the terminal can, else half blocks with 256 colours or more and
    /// Unicode, else ASCII.
    public var preferredImageFormat: ImageFormat {
        if sixel { return .sixel }
        if unicode && colorDepth >= .indexed256 { return .blocks }
        return .ascii
    }

    /// How plots are best drawn: braille with Unicode, else ASCII density characters.
    public var preferredCanvas: CanvasKind {
        unicode ? .braille : .character
    }
}
