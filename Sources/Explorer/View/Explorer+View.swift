import Foundation
import Render

extension Explorer {
    /// Draws the whole screen for a state.
    public func view(_ state: AppState) -> Frame {
        var frame = drawFrame(state)
        if !state.display.unicode { frame.buffer.makeASCII() }
        return frame
    }

    /// The screen in every symbol the explorer draws (`view` turns it to ASCII for terminals without UTF-8).
    private func drawFrame(_ state: AppState) -> Frame {
        var buffer = CellBuffer(width: state.width, height: state.height)
        context.decodeFailure.reset()
        let layout = layoutFor(state)
        guard layout.fits else {
            drawTooSmall(&buffer, state)
            return Frame(buffer: buffer)
        }
        let theme = Theme(colors: state.display.colors)
        drawTitle(&buffer, state, layout, theme)
        var images: [PlacedImage] = []
        if state.mode == .traversal {
            drawTraversal(&buffer, &images, state, layout.plotPane, theme)
        } else {
            drawPlot(&buffer, state, layout, theme)
        }
        switch state.mode {
        case .interpolate:
            drawInterpolation(&buffer, &images, state, layout, theme)
        case .sliders:
            drawSliders(&buffer, &images, state, layout, theme)
        case .outliers:
            drawSamplePane(&buffer, &images, state, layout, theme)
            drawOutlierList(&buffer, state, layout.legend, theme)
        default:
            drawSamplePane(&buffer, &images, state, layout, theme)
            drawLegend(&buffer, state, layout, theme)
        }
        drawStatus(&buffer, state, layout, theme)
        if state.mode == .help {
            HelpOverlay.draw(into: &buffer, screen: layout.screen, theme: theme, terminal: state.display.terminalSummary)
            // Images under the overlay would paint over it.
            images = images.filter { $0.area.intersection(HelpOverlay.area(in: layout.screen)).isEmpty }
        }
        return Frame(buffer: buffer, images: images)
    }

    private func drawTooSmall(_ buffer: inout CellBuffer, _ state: AppState) {
        let message = "terminal too small (needs \(Layout.minimumWidth)×\(Layout.minimumHeight))"
        let lines = state.width >= message.count ? [message] : ["terminal too small", "(needs \(Layout.minimumWidth)×\(Layout.minimumHeight))"]
        let top = max(0, state.height / 2 - lines.count / 2)
        for (k, line) in lines.enumerated() {
            buffer.write(line, x: max(0, (state.width - line.count) / 2), y: top + k, style: Style(attributes: .bold))
        }
    }

    // MARK: - Title and status

    /// The title line text: bundle, model, points and the projection's state.
    func titleText(_ state: AppState) -> String {
        var parts = [context.name, "\(context.kind.rawValue) · \(context.latentDim)-d latent", "\(context.count) points"]
        switch state.projection {
        case .pca(let x, let y):
            let r = context.pca.explainedVarianceRatio
            let vx = x < r.count ? String(format: "%.1f%%", r[x] * 100) : "?"
            let vy = y < r.count ? String(format: "%.1f%%", r[y] * 100) : "?"
            parts.append("PCA: PC\(x + 1) \(vx) × PC\(y + 1) \(vy)")
        case .raw:
            parts.append("raw latent axes z1 × z2")
        case .tsne:
            switch state.tsne {
            case .running(let iteration, let total, let kl):
                let klText = kl.map { String(format: " KL %.3f", $0) } ?? ""
                parts.append("t-SNE \(tsneStep(state, iteration: iteration, total: total))\(klText) (Esc cancels)")
            case .finished(let kl):
                parts.append("t-SNE" + (kl.map { String(format: " KL %.3f", $0) } ?? ""))
            default:
                parts.append("t-SNE")
            }
        }
        if case .running(let iteration, let total, _) = state.tsne, state.projection != .tsne {
            parts.append("t-SNE running: \(tsneStep(state, iteration: iteration, total: total))")
        }
        return " " + parts.joined(separator: " │ ")
    }

    /// Where a running t-SNE is: its nearest-neighbour search before the first iteration, then the iterations.
    private func tsneStep(_ state: AppState, iteration: Int, total: Int) -> String {
        if total == 0 {
            guard let search = state.tsneNeighbors else { return "starting" }
            return "nearest neighbours \(search.done)/\(search.total)"
        }
        return "iteration \(iteration)/\(total)"
    }

    private func drawTitle(_ buffer: inout CellBuffer, _ state: AppState, _ layout: Layout, _ theme: Theme) {
        buffer.fill(layout.title, style: theme.title)
        buffer.write(titleText(state), at: Position(x: 0, y: 0), style: theme.title, clippedTo: layout.title)
    }

    private func drawStatus(_ buffer: inout CellBuffer, _ state: AppState, _ layout: Layout, _ theme: Theme) {
        buffer.fill(layout.status, style: theme.status)
        if state.mode == .search {
            buffer.write(" /" + state.search.query + "▏  (#index, class name, worst, best · Enter search · Esc cancel)",
                         at: Position(x: 0, y: layout.status.y), style: theme.status, clippedTo: layout.status)
            return
        }
        var parts = [modeName(state.mode), String(format: "x %.3g y %.3g", state.cursor.x, state.cursor.y)]
        if let i = state.current { parts.append("#\(i) \(context.className(context.classes[i]))") }
        if let p = state.selection { parts.append("pinned #\(p)") }
        // A decoder that fails (NaN, a refused code) is said here instead of the key hints; the panes go on.
        parts.append(state.status ?? context.decodeFailureMessage ?? keyHints(state.mode))
        buffer.write(" " + parts.joined(separator: " │ "), at: Position(x: 0, y: layout.status.y), style: theme.status,
                     clippedTo: layout.status)
    }

    // MARK: - Plot

    private func drawPlot(_ buffer: inout CellBuffer, _ state: AppState, _ layout: Layout, _ theme: Theme) {
        let plot = layout.plot
        guard plot.width > 0, plot.height > 0 else { return }
        let unicode = state.display.canvas != .character
        var overlays: [ScatterOverlay] = []
        if let p = state.selection, p * 2 + 1 < state.coordinates.count {
            overlays.append(.mark("P", x: Double(state.coordinates[2 * p]), y: Double(state.coordinates[2 * p + 1]),
                                  palette: theme.palette))
        }
        if let h = state.hover, h * 2 + 1 < state.coordinates.count {
            overlays.append(.selection(x: Double(state.coordinates[2 * h]), y: Double(state.coordinates[2 * h + 1]),
                                       palette: theme.palette, unicode: unicode))
        }
        overlays.append(.cursor(x: state.cursor.x, y: state.cursor.y, palette: theme.palette, unicode: unicode))
        overlays += toolOverlays(state, theme)
        let hidden = state.greyHidden ? Set<Int>() : state.hiddenClasses
        let greyed = state.greyHidden ? state.hiddenClasses : []
        let coloring: ScatterPlot.Coloring = state.mode == .outliers
            ? .scores(context.outlierPercentiles(state.outliers.method), classes: context.classes, range: 0...100)
            : .classes(context.classes)
        let scatter = ScatterPlot(points: state.coordinates, coloring: coloring, palette: theme.palette,
                                  hiddenClasses: hidden, greyedClasses: greyed, overlays: overlays)
        let cells = scatter.render(kind: state.display.canvas, columns: plot.width, rows: plot.height,
                                   viewport: state.viewport)
        buffer.draw(cells, at: Position(x: plot.x, y: plot.y))
        drawAxes(&buffer, state, layout, theme)
    }

    private func drawAxes(_ buffer: inout CellBuffer, _ state: AppState, _ layout: Layout, _ theme: Theme) {
        let plot = layout.plot
        let cell = state.display.dotsPerCell
        let xTicks = AxisTicks.xTicks(state.viewport, dotsWide: dotsWide(layout, state.display), maxCount: max(2, plot.width / 12))
        let axisRow = plot.maxY
        buffer.write(String(repeating: state.display.canvas == .character ? "-" : "─", count: plot.width),
                     x: plot.x, y: axisRow, style: theme.axis)
        for t in xTicks {
            let column = plot.x + Int(t.dot) / cell.x
            guard column >= plot.x, column < plot.maxX else { continue }
            let start = min(max(plot.x, column - t.label.count / 2), plot.maxX - t.label.count)
            buffer.write(t.label, x: start, y: axisRow, style: theme.axis, clippedTo: layout.plotPane)
        }
        let yTicks = AxisTicks.yTicks(state.viewport, dotsHigh: dotsHigh(layout, state.display), maxCount: max(2, plot.height / 4))
        for t in yTicks {
            let row = plot.y + Int(t.dot) / cell.y
            guard row >= plot.y, row < plot.maxY else { continue }
            let label = String(t.label.prefix(6))
            buffer.write(String(repeating: " ", count: 6 - label.count) + label, x: 0, y: row, style: theme.axis)
        }
    }

    // MARK: - Legend

    private func drawLegend(_ buffer: inout CellBuffer, _ state: AppState, _ layout: Layout, _ theme: Theme) {
        let area = layout.legend
        let heading = context.classesAreClusters ? "k-means clusters (no labels)" : "Classes (1–9 toggle, g grey)"
        buffer.write(heading, x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        let columnWidth = layout.legendColumns.width
        for c in 0..<context.classCount {
            guard let at = layout.legendPosition(of: c) else { break }
            let x = at.x, y = at.y
            let hidden = state.hiddenClasses.contains(c)
            let swatch = state.display.canvas == .character ? "#" : "■"
            buffer.write(swatch, x: x, y: y, style: theme.swatch(c, hidden: hidden))
            let count = String(context.classCounts[c])
            let nameWidth = max(4, columnWidth - 6 - count.count - (hidden ? 7 : 0) - 1)
            var text = " \(c) " + String(context.className(c).prefix(nameWidth)).padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            text += " " + count + (hidden ? " hidden" : "")
            buffer.write(text, x: x + 1, y: y, style: hidden ? theme.dim : theme.plain,
                         clippedTo: Rect(x: x, y: y, width: columnWidth, height: 1))
        }
    }
}
