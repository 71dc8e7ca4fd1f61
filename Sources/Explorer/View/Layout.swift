import Render

/// Where each pane goes on a screen of a given size. Pure, so `update` (picking, cursor steps) and `view`
/// (drawing) agree.
public struct Layout: Equatable, Sendable {
    /// The smallest screen the explorer draws on.
    public static let minimumWidth = 60
    public static let minimumHeight = 20

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

    public init(width: Int, height: Int, classCount: Int) {
        screen = Rect(x: 0, y: 0, width: width, height: height)
        title = Rect(x: 0, y: 0, width: width, height: 1)
        status = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
        let right = min(64, max(26, width * 36 / 100))
        let bodyHeight = max(0, height - 2)
        plotPane = Rect(x: 0, y: 1, width: max(0, width - right - 1), height: bodyHeight)
        // Y tick labels on the left (7 columns), x tick labels on the bottom row.
        plot = Rect(x: 7, y: 1, width: max(0, plotPane.width - 8), height: max(0, bodyHeight - 1))
        let legendRows = min(classCount + 1, max(3, bodyHeight / 3))
        let sampleHeight = max(0, bodyHeight - legendRows)
        sample = Rect(x: width - right, y: 1, width: right, height: sampleHeight)
        legend = Rect(x: width - right, y: 1 + sampleHeight, width: right, height: legendRows)
    }
}
