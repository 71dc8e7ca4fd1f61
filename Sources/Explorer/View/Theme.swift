import Render

/// The styles of the explorer's chrome, by colour depth.
struct Theme {
    let palette: Palette
    let mono: Bool

    init(colors: ColorDepth) {
        palette = Palette(depth: colors)
        mono = colors == .mono
    }

    var title: Style { Style(attributes: [.reverse, .bold]) }
    var status: Style { Style(attributes: .reverse) }
    var heading: Style { Style(attributes: .bold) }
    var dim: Style { Style(attributes: .dim) }
    var axis: Style { Style(attributes: .dim) }
    var plain: Style { .plain }

    /// The style of a legend swatch for class `c`.
    func swatch(_ c: Int, hidden: Bool) -> Style {
        if hidden { return Style(foreground: palette.greyed, attributes: .dim) }
        return mono ? Style(attributes: .bold) : Style(foreground: palette.classColor(c))
    }
}
