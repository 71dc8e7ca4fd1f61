import Render

/// The `?` overlay: every key from the keymap, in a box in the middle of the screen, with what the terminal was
/// found to support on its bottom border.
struct HelpOverlay: Widget {
    let lines: [String]
    let terminal: String?
    let theme: Theme

    /// The box in a screen.
    static func area(for lines: [String], in screen: Rect) -> Rect {
        let width = min(screen.width - 2, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(screen.height - 2, lines.count + 2)
        return Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let box = Self.area(for: lines, in: screen)
        frame.removeImages(overlapping: box)
        frame.buffer.fill(box, style: .plain)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        for (k, line) in lines.enumerated() where k < inner.height {
            let heading = !line.hasPrefix(" ")
            frame.buffer.write(line, x: inner.x, y: inner.y + k, style: heading ? theme.heading : .plain, clippedTo: inner)
        }
        drawBorder(box, into: &frame)
        if let terminal, box.width > 6 {
            let bottom = Rect(x: box.x + 2, y: box.maxY - 1, width: box.width - 4, height: 1)
            frame.buffer.write(" \(terminal) ", x: bottom.x, y: bottom.y, style: theme.dim, clippedTo: bottom)
        }
    }

    private func drawBorder(_ r: Rect, into frame: inout Frame) {
        guard r.width >= 2, r.height >= 2 else { return }
        let style = Style(attributes: .bold)
        for x in (r.x + 1)..<(r.maxX - 1) {
            frame.buffer.write("─", x: x, y: r.y, style: style)
            frame.buffer.write("─", x: x, y: r.maxY - 1, style: style)
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            frame.buffer.write("│", x: r.x, y: y, style: style)
            frame.buffer.write("│", x: r.maxX - 1, y: y, style: style)
        }
        frame.buffer.write("┌", x: r.x, y: r.y, style: style)
        frame.buffer.write("┐", x: r.maxX - 1, y: r.y, style: style)
        frame.buffer.write("└", x: r.x, y: r.maxY - 1, style: style)
        frame.buffer.write("┘", x: r.maxX - 1, y: r.maxY - 1, style: style)
    }
}
