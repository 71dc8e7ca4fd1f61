// MARK: - Cell

/// One terminal cell: a single-column grapheme with its colours and attributes.
///
/// Every cell is one column wide: the program only draws single-width glyphs (ASCII, box drawing, braille,
/// half blocks), so a wide character written into a buffer still occupies exactly one cell.
public struct Cell: Hashable, Sendable {
    public var symbol: Character
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(_ symbol: Character = " ", foreground: Color = .default, background: Color = .default,
                attributes: Attributes = []) {
        self.symbol = symbol
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public init(_ symbol: Character, style: Style) {
        self.init(symbol, foreground: style.foreground, background: style.background, attributes: style.attributes)
    }

    /// A space in the terminal's default colours.
    public static let blank = Cell()

    /// The cell's colours and attributes together.
    public var style: Style {
        get { Style(foreground: foreground, background: background, attributes: attributes) }
        set {
            foreground = newValue.foreground
            background = newValue.background
            attributes = newValue.attributes
        }
    }
}
