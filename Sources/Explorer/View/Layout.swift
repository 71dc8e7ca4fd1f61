import Render

/// Where each pane goes on a screen of a given size. Pure, so `update` (picking, cursor steps) and `view`
/// (drawing) agree.
public struct Layout: Equatable, Sendable {
    /// The smallest screen the explorer draws on.
    public static let minimumWidth = 60
    public static let minimumHeight = 20
    /// The fewest rows the sample pane keeps when the legend grows to list every class.
    static let minimumSampleHeight = 7

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

    /// The class whose legend row holds the screen cell, if any (mouse clicks use it).
    public func legendClass(column: Int, row: Int) -> Int? {
        Legend.classAt(column: column, row: row, in: legend, classCount: classCount)
    }

    /// The dots area of a plot pane: inside the y tick labels (7 columns on the left) and the x axis (the
    /// bottom row).
    static func dotsArea(ofPlotPane pane: Rect) -> Rect {
        Rect(x: pane.x + 7, y: pane.y, width: max(0, pane.width - 8), height: max(0, pane.height - 1))
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
        plot = Self.dotsArea(ofPlotPane: plotPane)
        var legendRows = min(classCount + 1, max(3, bodyHeight / 3))
        // Every class gets a legend row when the sample pane can spare the rows (at 80×24 or 60×20 a third
        // of the height would list only the first classes).
        let columns = right >= Legend.twoColumnWidth ? 2 : 1
        let allClassRows = (classCount + columns - 1) / columns + 1
        if legendRows < allClassRows && allClassRows <= bodyHeight - Self.minimumSampleHeight {
            legendRows = allClassRows
        }
        let sampleHeight = max(0, bodyHeight - legendRows)
        sample = Rect(x: width - right, y: 1, width: right, height: sampleHeight)
        legend = Rect(x: width - right, y: 1 + sampleHeight, width: right, height: legendRows)
    }
}
