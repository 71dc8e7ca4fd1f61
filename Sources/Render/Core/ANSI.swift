// MARK: - ANSI

/// SGR escape sequences for styles, for text printed outside the curses screen (headless commands).
public enum ANSI {
    /// Resets colours and attributes.
    public static let reset = "\u{1B}[0m"

    /// The SGR sequence that selects `style` (after a reset) on a terminal of `depth`; colours are downgraded
    /// to the depth first, and `.mono` emits attributes only. Returns "" for the plain style.
    public static func sgr(_ style: Style, depth: ColorDepth) -> String {
        var codes: [String] = []
        let style = style.downgraded(to: depth)
        let a = style.attributes
        if a.contains(.bold) { codes.append("1") }
        if a.contains(.dim) { codes.append("2") }
        if a.contains(.underline) { codes.append("4") }
        if a.contains(.reverse) { codes.append("7") }
        if let fg = colorCode(style.foreground.downgraded(to: depth), background: false) { codes.append(fg) }
        if let bg = colorCode(style.background.downgraded(to: depth), background: true) { codes.append(bg) }
        return codes.isEmpty ? "" : "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// The SGR parameter for one colour, nil for the default colour.
    static func colorCode(_ color: Color, background: Bool) -> String? {
        switch color {
        case .default:
            return nil
        case .indexed(let i) where i < 8:
            return String((background ? 40 : 30) + Int(i))
        case .indexed(let i) where i < 16:
            return String((background ? 100 : 90) + Int(i) - 8)
        case .indexed(let i):
            return (background ? "48;5;" : "38;5;") + String(i)
        case .rgb(let r, let g, let b):
            return (background ? "48;2;" : "38;2;") + "\(r);\(g);\(b)"
        }
    }
}

// MARK: - Text output

extension Style {
    /// The style with both colours downgraded to `depth` (see `Color.downgraded(to:)`).
    ///
    /// With 8 colours a bright foreground (indexed 8–15) becomes its normal colour in bold, which such
    /// terminals draw bright: classes 6–11 of the palette stay apart from classes 0–5.
    public func downgraded(to depth: ColorDepth) -> Style {
        var style = Style(foreground: foreground.downgraded(to: depth), background: background.downgraded(to: depth),
                          attributes: attributes)
        if depth == .ansi8, case .indexed(let i) = foreground, (8..<16).contains(i) { style.attributes.insert(.bold) }
        return style
    }
}

extension CellBuffer {
    /// Each row's symbols as a string, without colours: what golden files and test backends compare.
    public func textLines() -> [String] {
        (0..<height).map { y in
            var line = ""
            line.reserveCapacity(width)
            for x in 0..<width { line.append(cells[y * width + x].symbol) }
            return line
        }
    }

    /// Each row with every cell replaced by `key(cell)`: a way to put colours or attributes into golden files.
    public func styleLines(_ key: (Cell) -> Character) -> [String] {
        (0..<height).map { y in String((0..<width).map { x in key(cells[y * width + x]) }) }
    }

    /// The buffer as lines of text with SGR escapes for a terminal of `depth`, each line ending in a reset
    /// when it was styled, joined by newlines (no trailing newline).
    public func ansiText(depth: ColorDepth) -> String {
        var out = ""
        for y in 0..<height {
            if y > 0 { out += "\n" }
            var current = Style.plain
            var styled = false
            for x in 0..<width {
                let cell = cells[y * width + x]
                let style = cell.style.downgraded(to: depth)
                if style != current {
                    out += ANSI.reset + ANSI.sgr(style, depth: depth)
                    current = style
                    styled = true
                }
                out.append(cell.symbol)
            }
            if styled && current != .plain { out += ANSI.reset }
        }
        return out
    }
}
