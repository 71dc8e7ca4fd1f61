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
    /// Where `cellSize` came from (`.assumed` while it is nil).
    public var cellSizeSource: CellSizeSource
    /// How many sixel colour registers the terminal has (XTSMGRAPHICS), if it said.
    public var sixelRegisters: Int?
    /// Whether the terminal answered the kitty graphics query with OK.
    public var kittyGraphics = false
    /// The terminal's name and version as XTVERSION gave them (`kitty(0.26.5)`, `XTerm(379)`), if it did.
    public var terminalName: String?
    /// Whether the terminal takes UTF-8 (braille, half blocks, box drawing); otherwise only ASCII is drawn.
    public var unicode: Bool
    public var multiplexer: Multiplexer?

    public init(colorDepth: ColorDepth, sixel: Bool = false, cellSize: PixelSize? = nil,
                cellSizeSource: CellSizeSource? = nil, sixelRegisters: Int? = nil, unicode: Bool,
                multiplexer: Multiplexer? = nil) {
        self.colorDepth = colorDepth
        self.sixel = sixel
        self.cellSize = cellSize
        self.cellSizeSource = cellSize == nil ? .assumed : cellSizeSource ?? .csi16t
        self.sixelRegisters = sixelRegisters
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

    /// The capabilities with the answers to the start-up queries folded in: DA1 (sixel) and XTSMGRAPHICS
    /// (sixel colour registers). Cell sizes are resolved separately (`resolveCellSize`).
    public func applying(answers bytes: [UInt8]) -> TerminalCapabilities {
        var c = self
        if let da = TerminalReplies.deviceAttributes(in: bytes)?.value { c = c.applying(da) }
        if let registers = TerminalReplies.sixelRegisters(in: bytes)?.value { c.sixelRegisters = registers }
        if let ok = TerminalReplies.kittyGraphics(in: bytes)?.value { c.kittyGraphics = ok }
        if let name = TerminalReplies.terminalVersion(in: bytes)?.value {
            c.terminalName = name
            // SSH drops COLORTERM; these terminals draw 24-bit colour whatever the environment says.
            if c.colorDepth > .mono, Self.truecolorTerminals.contains(where: {
                name.lowercased().hasPrefix($0)
            }) {
                c.colorDepth = .truecolor
            }
        }
        return c
    }

    /// The capabilities with a cell size from `source`.
    public func applying(cellSize: PixelSize, source: CellSizeSource = .csi16t) -> TerminalCapabilities {
        var c = self
        c.cellSize = source == .assumed ? nil : cellSize
        c.cellSizeSource = source
        return c
    }

    /// The number of sixel colour registers to quantise to: what the terminal said (2–256), else 256 (the
    /// count most sixel terminals have; a VT340 has 16 and says so).
    public var effectiveSixelRegisters: Int { min(256, max(2, sixelRegisters ?? 256)) }

    // MARK: - Choices

    /// Terminals (by XTVERSION name prefix, lowercased) that draw 24-bit colour.
    static let truecolorTerminals = ["kitty", "wezterm", "ghostty", "foot", "iterm2", "konsole", "contour", "alacritty"]

    /// How images are best drawn: `imageChoice`'s format.
    public var preferredImageFormat: ImageFormat { imageChoice.format }

    /// How images are best drawn and why: the kitty graphics protocol when the terminal answered its query (not
    /// inside tmux, where kitty images need unicode placeholders, which kitty has from 0.28), else sixel when
    /// DA1 lists attribute 4, else half blocks with 256 colours or more and Unicode, else ASCII.
    public var imageChoice: (format: ImageFormat, reason: String) {
        if kittyGraphics && multiplexer == nil { return (.kitty, "the terminal answered the kitty graphics query") }
        if sixel { return (.sixel, "DA1 lists sixel (attribute 4)") }
        let why = kittyGraphics ? "inside tmux kitty images need unicode placeholders (kitty 0.28 or later)"
            : "no image protocol answered"
        if unicode && colorDepth >= .indexed256 { return (.blocks, why) }
        return (.ascii, why + (unicode ? ", fewer than 256 colours" : ", no UTF-8"))
    }

    /// How plots are best drawn: braille with Unicode, else ASCII density characters.
    public var preferredCanvas: CanvasKind {
        unicode ? .braille : .character
    }
}
