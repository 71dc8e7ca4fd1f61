import Render

/// Where each pane goes on a screen of a given size. Pure, so `update` (picking, cursor steps) and `view`
/// (drawing) agree.
public struct Layout: Equatable, Sendable {
    /// The smallest screen the explorer draws on.
    public static let minimumWidth = 60
    public static let minimumHeight = 20
    /// The fewest rows the sample pane keeps when the legend grows to list every class.
    static let minimumSampleHeight = 7
    /// The legend's width from which it lists classes in two columns when they do not fit in one.
    static let twoColumnLegendWidth = 40

    public let screen: Rect
    public let title: Rect
    public let status: Rect
    /// The scatter pane including its axes.
    public let plotPane: Rect
    /// The dots area of the plot (inside the axes).
    public let plot: Rect
    public let sample: Rect
    public let legend: Rect

    /// Whether the screen is big enough to draw the explorer.
    public var fits: Bool { screen.width >= Self.minimumWidth && screen.height >= Self.minimumHeight }

    /// The classes listed in the legend: how many columns, and how wide each is.
    public var legendColumns: (count: Int, width: Int) {
        let columns = classCount > legend.height - 1 && legend.width >= Self.twoColumnLegendWidth ? 2 : 1
        return (columns, legend.width / columns)
    }

    /// The class whose legend row holds the screen cell, if any (both the drawing and mouse clicks use it).
    public func legendClass(column: Int, row: Int) -> Int? {
        let (columns, width) = legendColumns
        let r = row - legend.y - 1
        guard legend.contains(Position(x: column, y: row)), r >= 0, width > 0 else { return nil }
        let c = r * columns + min(columns - 1, (column - legend.x) / width)
        return c < classCount ? c : nil
    }

    /// Where class `c`'s legend entry starts, or nil when it does not fit.
    public func legendPosition(of c: Int) -> Position? {
        let (columns, width) = legendColumns
        let row = c / columns
        guard row < legend.height - 1 else { return nil }
        return Position(x: legend.x + (c % columns) * width, y: legend.y + 1 + row)
    }

    let classCount: Int

    public init(width: Int, height: Int, classCount: Int) {
        self.classCount = classCount
        screen = Rect(x: 0, y: 0, width: width, height: height)
        title = Rect(x: 0, y: 0, width: width, height: 1)
        status = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
        let right = min(64, max(26, width * 36 / 100))
        let bodyHeight = max(0, height - 2)
        plotPane = Rect(x: 0, y: 1, width: max(0, width - right - 1), height: bodyHeight)
        // Y tick labels on the left (7 columns), x tick labels on the bottom row.
        plot = Rect(x: 7, y: 1, width: max(0, plotPane.width - 8), height: max(0, bodyHeight - 1))
        var legendRows = min(classCount + 1, max(3, bodyHeight / 3))
        // Every class gets a legend row when the sample pane can spare the rows (at 80×24 or 60×20 a third
        // of the height would list only the first classes).
        let columns = right >= Self.twoColumnLegendWidth ? 2 : 1
        let allClassRows = (classCount + columns - 1) / columns + 1
        if legendRows < allClassRows && allClassRows <= bodyHeight - Self.minimumSampleHeight {
            legendRows = allClassRows
        }
        let sampleHeight = max(0, bodyHeight - legendRows)
        sample = Rect(x: width - right, y: 1, width: right, height: sampleHeight)
        legend = Rect(x: width - right, y: 1 + sampleHeight, width: right, height: legendRows)
    }
}
