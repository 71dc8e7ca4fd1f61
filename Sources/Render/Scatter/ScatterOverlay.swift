// MARK: - ScatterOverlay

/// Something drawn over a scatter plot's points, in data coordinates: a cell marker (cursor, selection,
/// A/B marks, ghost point), a single dot, or a path polyline.
public enum ScatterOverlay: Equatable, Sendable {
    /// `cell` replaces the cell the point falls in.
    case marker(x: Double, y: Double, cell: Cell)
    /// One dot in `color` (in a braille canvas the whole cell takes that colour).
    case dot(x: Double, y: Double, color: Color)
    /// Straight lines through the points (interleaved x, y) in `color`.
    case path(points: [Double], color: Color)

    // MARK: - The explorer's highlights

    /// The cursor: `┼` (or `+` without Unicode) in the highlight colour, bold.
    public static func cursor(x: Double, y: Double, palette: Palette, unicode: Bool = true) -> ScatterOverlay {
        .marker(x: x, y: y, cell: Cell(unicode ? "┼" : "+", foreground: palette.highlight, attributes: .bold))
    }

    /// The selected point: `●` (or `@`) in the highlight colour, bold.
    public static func selection(x: Double, y: Double, palette: Palette, unicode: Bool = true) -> ScatterOverlay {
        .marker(x: x, y: y, cell: Cell(unicode ? "●" : "@", foreground: palette.highlight, attributes: .bold))
    }

    /// An interpolation end mark, `A` or `B` (any letter), reversed and bold.
    public static func mark(_ letter: Character, x: Double, y: Double, palette: Palette) -> ScatterOverlay {
        .marker(x: x, y: y, cell: Cell(letter, foreground: palette.highlight, attributes: [.bold, .reverse]))
    }

    /// The ghost point of a latent edited with sliders: `○` (or `o`) in the highlight colour.
    public static func ghost(x: Double, y: Double, palette: Palette, unicode: Bool = true) -> ScatterOverlay {
        .marker(x: x, y: y, cell: Cell(unicode ? "○" : "o", foreground: palette.highlight))
    }

    /// An interpolation path through data points (interleaved x, y), in the highlight colour.
    public static func path(_ points: [Double], palette: Palette) -> ScatterOverlay {
        .path(points: points, color: palette.highlight)
    }
}
