import Foundation
import Render

extension Explorer {
    /// Draws the whole screen for a state. Runs no model and looks nothing up over all points: what the panes
    /// show is in the state.
    public func view(_ state: AppState) -> Frame {
        var frame = Frame(width: state.width, height: state.height)
        let layout = layoutFor(state)
        guard layout.fits else {
            TooSmall().render(in: layout.screen, into: &frame)
            return finished(frame, state)
        }
        let theme = Theme(colors: state.display.colors)
        TextBar(text: titleText(state), style: theme.title).render(in: layout.title, into: &frame)
        let mode = state.mode.underHelp
        switch mode {
        case .traversal(let tool):
            drawTraversal(tool, state, layout, theme, into: &frame)
        case .interpolation(let tool):
            drawPlot(state, layout, theme, overlays: interpolationOverlays(tool, state, theme), into: &frame)
            drawInterpolation(tool, state, layout, theme, into: &frame)
        case .sliders(let tool):
            drawPlot(state, layout, theme, overlays: slidersOverlays(tool, state, theme), into: &frame)
            drawSliders(tool, state, layout, theme, into: &frame)
        case .outliers(let tool):
            drawPlot(state, layout, theme, overlays: [], scores: outlierTable(tool.method, state), into: &frame)
            drawOutliers(tool, state, layout, theme, into: &frame)
        case .browse, .search, .help:
            drawPlot(state, layout, theme, overlays: [], into: &frame)
            drawSamplePane(state, in: layout.sample, theme, into: &frame)
            Legend(heading: context.classesAreClusters ? "k-means clusters (no labels)" : "Classes (1–9 toggle, g grey)",
                   names: (0..<context.classCount).map(context.className), counts: context.classCounts,
                   hidden: state.hiddenClasses, canvas: state.display.canvas, theme: theme)
                .render(in: layout.legend, into: &frame)
        }
        TextBar(text: statusText(state), style: theme.status).render(in: layout.status, into: &frame)
        if case .help = state.mode {
            HelpOverlay(lines: Keymap.overlayLines(for: mode.kind), terminal: state.display.terminalSummary, theme: theme)
                .render(in: layout.screen, into: &frame)
        }
        return finished(frame, state)
    }

    private func finished(_ frame: Frame, _ state: AppState) -> Frame {
        var frame = frame
        if !state.display.unicode { frame.buffer.makeASCII() }
        return frame
    }

    // MARK: - Title and status

    /// The title line text: bundle, model, points and the projection's state.
    func titleText(_ state: AppState) -> String {
        var parts = [context.name, "\(context.kind.rawValue) · \(context.latentDescription) latent", "\(context.count) points"]
        switch state.projection {
        case .pca(let x, let y):
            let r = context.pca.explainedVarianceRatio
            let vx = x < r.count ? String(format: "%.1f%%", r[x] * 100) : "?"
            let vy = y < r.count ? String(format: "%.1f%%", r[y] * 100) : "?"
            parts.append("PCA: PC\(x + 1) \(vx) × PC\(y + 1) \(vy)")
        case .raw:
            parts.append("raw latent axes z1 × z2")
        case .learned(let method):
            let run = state.runs[method]
            let kl = run?.kl.map { String(format: " KL %.3f", $0) } ?? ""
            // after the step, so a narrow title cuts the note first
            let note = run?.note.map { " · \($0)" } ?? ""
            if let run, run.isRunning {
                parts.append("\(method.title) \(run.stepText(method))\(kl) (Esc cancels)\(note)")
            } else {
                parts.append(method.title + kl + note)
            }
        }
        for method in ProjectionMethod.allCases where state.projection != .learned(method) {
            if let run = state.runs[method], run.isRunning { parts.append("\(method.title) running: \(run.stepText(method))") }
        }
        return " " + parts.joined(separator: " │ ")
    }

    /// The status line: the mode, the cursor, the point, and the key hints (or a message, or why work failed).
    func statusText(_ state: AppState) -> String {
        if case .search(let search) = state.mode {
            return " /" + search.query + "▏  (#index, class name, worst, best · " + Keymap.hints(in: .search) + ")"
        }
        var parts = [state.mode.kind.statusName, String(format: "x %.3g y %.3g", state.cursor.x, state.cursor.y)]
        if let i = state.current { parts.append("#\(i) \(context.className(context.classes[i]))") }
        if let p = state.selection { parts.append("pinned #\(p)") }
        // A decoder that fails (NaN, a refused code) is said here instead of the key hints; the panes go on.
        parts.append(state.status ?? workFailure(state) ?? Keymap.hints(in: state.mode.kind))
        return " " + parts.joined(separator: " │ ")
    }

    // MARK: - Plot

    private func drawPlot(_ state: AppState, _ layout: Layout, _ theme: Theme, overlays toolOverlays: [ScatterOverlay],
                          scores: OutlierTable? = nil, into frame: inout Frame) {
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
        overlays += toolOverlays + markOverlays(state, theme)
        let hidden = state.greyHidden ? Set<Int>() : state.hiddenClasses
        let greyed = state.greyHidden ? state.hiddenClasses : []
        let coloring: ScatterPlot.Coloring = scores.map { .scores($0.percentiles, classes: context.classes, range: 0...100) }
            ?? .classes(context.classes)
        let scatter = ScatterPlot(points: state.coordinates, coloring: coloring, palette: theme.palette,
                                  hiddenClasses: hidden, greyedClasses: greyed, overlays: overlays)
        ScatterPane(scatter: scatter, viewport: state.viewport, display: state.display, theme: theme,
                    memo: context.plotMemo, scores: scores?.percentiles)
            .render(in: layout.plotPane, into: &frame)
    }

    /// The A and B marks on the plot.
    private func markOverlays(_ state: AppState, _ theme: Theme) -> [ScatterOverlay] {
        var overlays: [ScatterOverlay] = []
        for (letter, mark) in [("A", state.markA), ("B", state.markB)] {
            guard let mark, let p = markPosition(mark, state) else { continue }
            overlays.append(.mark(Character(letter), x: p.x, y: p.y, palette: theme.palette))
        }
        return overlays
    }

    private func markPosition(_ mark: Mark, _ state: AppState) -> (x: Double, y: Double)? {
        switch mark {
        case .point(let i):
            guard 2 * i + 1 < state.coordinates.count else { return nil }
            return (Double(state.coordinates[2 * i]), Double(state.coordinates[2 * i + 1]))
        case .classMean:
            guard let code = context.code(of: mark), let p = placed(code, rows: 1, state), p.count == 2, p[0].isFinite else {
                return nil
            }
            return (Double(p[0]), Double(p[1]))
        }
    }
}
