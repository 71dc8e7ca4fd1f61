import Render

/// What a screen below the minimum size shows instead of the explorer.
struct TooSmall: Widget {
    func render(in area: Rect, into frame: inout Frame) {
        let message = "terminal too small (needs \(Layout.minimumWidth)×\(Layout.minimumHeight))"
        let lines = area.width >= message.count ? [message] : ["terminal too small", "(needs \(Layout.minimumWidth)×\(Layout.minimumHeight))"]
        let top = max(0, area.height / 2 - lines.count / 2)
        for (k, line) in lines.enumerated() {
            frame.buffer.write(line, x: max(0, (area.width - line.count) / 2), y: top + k, style: Style(attributes: .bold))
        }
    }
}
