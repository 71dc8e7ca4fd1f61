import Render

/// A one-line bar (the title or the status line): the text on a filled row.
struct TextBar: Widget {
    let text: String
    let style: Style

    func render(in area: Rect, into frame: inout Frame) {
        frame.buffer.fill(area, style: style)
        frame.buffer.write(text, at: Position(x: area.x, y: area.y), style: style, clippedTo: area)
    }
}
