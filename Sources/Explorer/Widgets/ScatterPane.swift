import Render

/// The scatter plot with its axes: the dots inside, y tick labels on the left, the x axis on the bottom row.
struct ScatterPane: Widget {
    let scatter: ScatterPlot
    let viewport: Viewport
    let display: DisplayOptions
    let theme: Theme
    /// Where the rasterised points are kept between frames, and what colours them besides the classes.
    let memo: PlotMemo
    let scores: [Float]?

    func render(in area: Rect, into frame: inout Frame) {
        let plot = Layout.dotsArea(ofPlotPane: area)
        guard plot.width > 0, plot.height > 0 else { return }
        let key = PlotMemo.LayerKey(points: scatter.points, scores: scores, hidden: scatter.hiddenClasses,
                                    greyed: scatter.greyedClasses, viewport: viewport, columns: plot.width,
                                    rows: plot.height, canvas: display.canvas, colors: scatter.palette.depth)
        let layer = memo.pointLayer(key) {
            scatter.pointLayer(kind: display.canvas, columns: plot.width, rows: plot.height, viewport: viewport)
        }
        let cells = scatter.render(over: layer, viewport: viewport)
        frame.buffer.draw(cells, at: Position(x: plot.x, y: plot.y), clippedTo: plot)
        drawAxes(plot: plot, pane: area, into: &frame)
    }

    private func drawAxes(plot: Rect, pane: Rect, into frame: inout Frame) {
        let cell = display.dotsPerCell
        let xTicks = AxisTicks.xTicks(viewport, dotsWide: plot.width * cell.x, maxCount: max(2, plot.width / 12))
        let axisRow = plot.maxY
        frame.buffer.write(String(repeating: display.canvas == .character ? "-" : "─", count: plot.width),
                           x: plot.x, y: axisRow, style: theme.axis, clippedTo: pane)
        for t in xTicks {
            let column = plot.x + Int(t.dot) / cell.x
            guard column >= plot.x, column < plot.maxX else { continue }
            let start = min(max(plot.x, column - t.label.count / 2), plot.maxX - t.label.count)
            frame.buffer.write(t.label, x: start, y: axisRow, style: theme.axis, clippedTo: pane)
        }
        let yTicks = AxisTicks.yTicks(viewport, dotsHigh: plot.height * cell.y, maxCount: max(2, plot.height / 4))
        for t in yTicks {
            let row = plot.y + Int(t.dot) / cell.y
            guard row >= plot.y, row < plot.maxY else { continue }
            let label = String(t.label.prefix(6))
            frame.buffer.write(String(repeating: " ", count: 6 - label.count) + label, x: pane.x, y: row, style: theme.axis,
                               clippedTo: pane)
        }
    }
}
