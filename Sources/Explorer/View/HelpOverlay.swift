import Render

/// The `?` overlay: every key, in a box in the middle of the screen.
enum HelpOverlay {
    static let lines: [String] = [
        "Keys",
        "",
        "←↓↑→ or h j k l   move the cursor (shift or H J K L: faster)",
        "Enter             pin the point under the cursor (again: unpin)",
        "click             select the nearest point; on the legend: toggle",
        "+ / -             zoom in / out around the cursor",
        "0                 fit the view to the points",
        "1 … 9, )          show or hide class 1 … 9, class 0",
        "g                 grey hidden classes instead of removing them",
        "n / N             next / previous point of the same class",
        "p                 PCA; x / y choose the components on the axes",
        "t                 t-SNE (runs in the background; Esc cancels)",
        "r                 raw latent axes (2-d latents)",
        "e                 export the plotted coordinates to CSV",
        "Ctrl-L            redraw the screen",
        "?                 this help (any key closes it)",
        "q                 quit",
    ]

    static func area(in screen: Rect) -> Rect {
        let width = min(screen.width - 2, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(screen.height - 2, lines.count + 2)
        return Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
    }

    static func draw(into buffer: inout CellBuffer, screen: Rect, theme: Theme) {
        let box = area(in: screen)
        buffer.fill(box, style: .plain)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        for (k, line) in lines.enumerated() where k < inner.height {
            buffer.write(line, x: inner.x, y: inner.y + k, style: k == 0 ? theme.heading : .plain, clippedTo: inner)
        }
        drawBorder(&buffer, box)
    }

    static func drawBorder(_ buffer: inout CellBuffer, _ r: Rect) {
        guard r.width >= 2, r.height >= 2 else { return }
        let style = Style(attributes: .bold)
        for x in (r.x + 1)..<(r.maxX - 1) {
            buffer.write("─", x: x, y: r.y, style: style)
            buffer.write("─", x: x, y: r.maxY - 1, style: style)
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            buffer.write("│", x: r.x, y: y, style: style)
            buffer.write("│", x: r.maxX - 1, y: y, style: style)
        }
        buffer.write("┌", x: r.x, y: r.y, style: style)
        buffer.write("┐", x: r.maxX - 1, y: r.y, style: style)
        buffer.write("└", x: r.x, y: r.maxY - 1, style: style)
        buffer.write("┘", x: r.maxX - 1, y: r.maxY - 1, style: style)
    }
}
