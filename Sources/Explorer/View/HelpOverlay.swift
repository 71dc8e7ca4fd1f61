import Render

/// The `?` overlay: every key, in a box in the middle of the screen.
enum HelpOverlay {
    static let lines: [String] = [
        "Keys",
        "←↓↑→ or h j k l   move the cursor (shift or H J K L: faster)",
        "Enter / click     pin the point; a click on the legend toggles a class",
        "+ / -  ·  0       zoom in / out around the cursor · fit the view",
        "1 … 9, )  ·  g    hide or show class 1 … 9, class 0 · grey hidden classes",
        "n / N             next / previous search match, else point of the same class",
        "p, x / y  ·  r    PCA and its axes · raw latent axes (2-d latents)",
        "t                 t-SNE in the background (Esc cancels)",
        "a / b  ·  A / B   mark the point · its class mean as A / B",
        "i                 interpolate A → B (←/→ frame, [ ] steps, l linear/spherical)",
        "s                 sliders on the point's code (↑/↓, ←/→ ±0.1σ, shift ±1σ, r, z)",
        "d                 traversal grid: each dimension −3σ … +3σ",
        "o                 outliers (↑/↓ step, k reconstruction / kNN score)",
        "/                 search: #index, class name, worst, best",
        "e  ·  S           export coordinates to CSV · save the session to JSON",
        "Esc  ·  ?  ·  q   back to browsing · this help · quit",
    ]

    static func area(in screen: Rect) -> Rect {
        let width = min(screen.width - 2, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(screen.height - 2, lines.count + 2)
        return Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
    }

    /// Draws the overlay; `terminal` (what the terminal was found to support) goes on the bottom border.
    static func draw(into buffer: inout CellBuffer, screen: Rect, theme: Theme, terminal: String? = nil) {
        let box = area(in: screen)
        buffer.fill(box, style: .plain)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        for (k, line) in lines.enumerated() where k < inner.height {
            buffer.write(line, x: inner.x, y: inner.y + k, style: k == 0 ? theme.heading : .plain, clippedTo: inner)
        }
        drawBorder(&buffer, box)
        if let terminal, box.width > 6 {
            let bottom = Rect(x: box.x + 2, y: box.maxY - 1, width: box.width - 4, height: 1)
            buffer.write(" \(terminal) ", x: bottom.x, y: bottom.y, style: theme.dim, clippedTo: bottom)
        }
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
