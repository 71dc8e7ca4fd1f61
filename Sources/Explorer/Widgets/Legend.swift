import Render

/// The class legend: a heading, then a swatch, number, name and count per class (in two columns when the
/// classes do not fit in one and the pane is wide enough).
struct Legend: Widget {
    let heading: String
    let names: [String]
    let counts: [Int]
    let hidden: Set<Int>
    let canvas: CanvasKind
    let theme: Theme

    func render(in area: Rect, into frame: inout Frame) {
        frame.buffer.write(heading, x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        let columnWidth = Self.columns(in: area, classCount: names.count).width
        for c in names.indices {
            guard let at = Self.position(of: c, in: area, classCount: names.count) else { break }
            let isHidden = hidden.contains(c)
            frame.buffer.write(canvas == .character ? "#" : "■", x: at.x, y: at.y, style: theme.swatch(c, hidden: isHidden))
            let count = String(counts[c])
            let nameWidth = max(4, columnWidth - 6 - count.count - (isHidden ? 7 : 0) - 1)
            var text = " \(c) " + String(names[c].prefix(nameWidth)).padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            text += " " + count + (isHidden ? " hidden" : "")
            frame.buffer.write(text, x: at.x + 1, y: at.y, style: isHidden ? theme.dim : theme.plain,
                               clippedTo: Rect(x: at.x, y: at.y, width: columnWidth, height: 1).intersection(area))
        }
    }

    /// The width from which the legend lists classes in two columns when they do not fit in one.
    static let twoColumnWidth = 40

    /// How many columns the classes take in `area`, and how wide each is.
    static func columns(in area: Rect, classCount: Int) -> (count: Int, width: Int) {
        let columns = classCount > area.height - 1 && area.width >= twoColumnWidth ? 2 : 1
        return (columns, area.width / columns)
    }

    /// Where class `c`'s entry starts in `area`, or nil when it does not fit.
    static func position(of c: Int, in area: Rect, classCount: Int) -> Position? {
        let (columns, width) = columns(in: area, classCount: classCount)
        let row = c / columns
        guard row < area.height - 1 else { return nil }
        return Position(x: area.x + (c % columns) * width, y: area.y + 1 + row)
    }

    /// The class whose entry holds the screen cell, if any (mouse clicks use it).
    static func classAt(column: Int, row: Int, in area: Rect, classCount: Int) -> Int? {
        let (columns, width) = columns(in: area, classCount: classCount)
        let r = row - area.y - 1
        guard area.contains(Position(x: column, y: row)), r >= 0, width > 0 else { return nil }
        let c = r * columns + min(columns - 1, (column - area.x) / width)
        return c < classCount ? c : nil
    }
}
