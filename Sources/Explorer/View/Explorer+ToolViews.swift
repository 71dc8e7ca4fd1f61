import Foundation
import LatentSpace
import Render

/// Drawing of the tool modes: interpolation, sliders, traversal grid, outlier list, and their plot overlays.
extension Explorer {
    func modeName(_ mode: AppState.Mode) -> String {
        switch mode {
        case .browse: return "BROWSE"
        case .help: return "HELP"
        case .interpolate: return "INTERPOLATE"
        case .sliders: return "SLIDERS"
        case .traversal: return "TRAVERSAL"
        case .outliers: return "OUTLIERS"
        case .search: return "SEARCH"
        }
    }

    func keyHints(_ mode: AppState.Mode) -> String {
        switch mode {
        case .interpolate: return "←/→ frame · [/] steps · l linear/spherical · Esc back"
        case .sliders: return "↑/↓ dimension · ←/→ ±0.1σ (shift ±1σ) · r reset · z zero · a sort by activity · Esc back"
        case .traversal: return "↑/↓ scroll · Esc back"
        case .outliers: return "↑/↓ step · k recon/kNN score · Esc back"
        default: return "←↓↑→/hjkl move · Enter pin · a/b mark · i interp · s sliders · d traverse · o outliers · / search · ? help · q quit"
        }
    }

    /// Marks, the interpolation path and the slider ghost on the plot.
    func toolOverlays(_ state: AppState, _ theme: Theme) -> [ScatterOverlay] {
        var overlays: [ScatterOverlay] = []
        if state.mode == .interpolate, state.interpolation.pathCoordinates.count >= 4 {
            let path = state.interpolation.pathCoordinates.map(Double.init)
            overlays.append(.path(path, palette: theme.palette))
            let f = state.interpolation.frame
            if 2 * f + 1 < path.count {
                overlays.append(.ghost(x: path[2 * f], y: path[2 * f + 1], palette: theme.palette,
                                       unicode: state.display.canvas != .character))
            }
        }
        for (letter, mark) in [("A", state.markA), ("B", state.markB)] {
            guard let mark, let p = markPosition(mark, state) else { continue }
            overlays.append(.mark(Character(letter), x: p.x, y: p.y, palette: theme.palette))
        }
        if state.mode == .sliders, let g = state.sliders?.ghost, g.count == 2, g[0].isFinite {
            overlays.append(.ghost(x: Double(g[0]), y: Double(g[1]), palette: theme.palette,
                                   unicode: state.display.canvas != .character))
        }
        return overlays
    }

    private func markPosition(_ mark: Mark, _ state: AppState) -> (x: Double, y: Double)? {
        switch mark {
        case .point(let i):
            guard 2 * i + 1 < state.coordinates.count else { return nil }
            return (Double(state.coordinates[2 * i]), Double(state.coordinates[2 * i + 1]))
        case .classMean:
            // The path's ends are the marks' projections.
            let path = state.interpolation.pathCoordinates
            guard path.count >= 4 else { return nil }
            let atEnd = mark == state.markB
            let k = atEnd ? path.count - 2 : 0
            return path[k].isFinite ? (Double(path[k]), Double(path[k + 1])) : nil
        }
    }

    // MARK: - Interpolation

    func drawInterpolation(_ buffer: inout CellBuffer, _ images: inout [PlacedImage], _ state: AppState, _ layout: Layout,
                           _ theme: Theme) {
        let codes = interpolationCodes(state)
        let area = layout.sample
        guard !codes.isEmpty, let a = state.markA, let b = state.markB else { return }
        let f = min(state.interpolation.frame, codes.count - 1)
        buffer.write("A \(context.name(of: a)) → B \(context.name(of: b))", x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        let nearest = context.nearestPoint(to: codes[f])
        let nearestText = nearest.map { "nearest #\($0) \(context.className(context.classes[$0]))" } ?? ""
        buffer.write("frame \(f + 1)/\(codes.count) · \(state.interpolation.spherical ? "spherical" : "linear") · \(nearestText)",
                     x: area.x, y: area.y + 1, style: theme.plain, clippedTo: area)
        let decoded = context.decodedValues(batch: codes) ?? []
        let per = codes.isEmpty ? 0 : decoded.count / codes.count
        guard per > 0 else { return }
        let frame = Array(decoded[(f * per)..<((f + 1) * per)])
        drawImages(&buffer, &images, [("frame \(f + 1)", frame)], state.display,
                   in: Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3), theme)
        // The strip of all frames in the legend's place, the current one marked.
        let strip = layout.legend
        buffer.write("frames (←/→)", x: strip.x, y: strip.y, style: theme.heading, clippedTo: strip)
        let thumbRows = max(1, strip.height - 2)
        let thumbCols = max(2, min(8, strip.width / max(1, codes.count) - 1))
        let perRow = max(1, strip.width / (thumbCols + 1))
        for k in 0..<codes.count {
            let col = k % perRow, row = k / perRow
            let slot = Rect(x: strip.x + col * (thumbCols + 1), y: strip.y + 1 + row * (thumbRows + 1), width: thumbCols, height: thumbRows)
            guard slot.maxY <= strip.maxY else { continue }
            let rows = placeSample(Array(decoded[(k * per)..<((k + 1) * per)]), in: slot, state.display, &buffer, &images)
            if k == f, rows > 0 {
                buffer.write(String(repeating: "▔", count: thumbCols), x: slot.x, y: min(slot.y + rows, strip.maxY - 1), style: theme.heading)
            }
        }
    }

    // MARK: - Sliders

    func drawSliders(_ buffer: inout CellBuffer, _ images: inout [PlacedImage], _ state: AppState, _ layout: Layout,
                     _ theme: Theme) {
        guard let s = state.sliders else { return }
        let stats = context.stats
        let order = sliderOrder(s)
        // The decoded edit next to the point it started from, in the upper part of the right column.
        let right = Rect(x: layout.sample.x, y: layout.sample.y, width: layout.sample.width,
                         height: layout.sample.height + layout.legend.height)
        let imageHeight = max(4, right.height * 2 / 5)
        buffer.write("editing #\(s.origin) \(context.className(context.classes[s.origin]))", x: right.x, y: right.y,
                     style: theme.heading, clippedTo: right)
        let ghostNearest = context.nearestPoint(to: s.code)
        buffer.write("ghost ○ nearest #\(ghostNearest ?? 0) \(ghostNearest.map { context.className(context.classes[$0]) } ?? "")",
                     x: right.x, y: right.y + 1, style: theme.plain, clippedTo: right)
        var panels: [(String, [Float])] = []
        if let edited = context.decodedValues(s.code) { panels.append(("edited", edited)) }
        if let original = context.decodedValues(context.encoding.code(s.origin)) { panels.append(("original", original)) }
        drawImages(&buffer, &images, panels, state.display, in: Rect(x: right.x, y: right.y + 2, width: right.width, height: imageHeight), theme)

        // One row per dimension: name, bar over ±3σ around the mean, value, position in σ.
        let top = right.y + 3 + imageHeight
        let rows = max(1, right.maxY - top - 1)
        buffer.write(s.byActivity ? "dimensions by activity (a: by index)" : "dimensions (a: by activity)",
                     x: right.x, y: top, style: theme.heading, clippedTo: right)
        let first = max(0, min(s.row - rows / 2, order.count - rows))
        let barWidth = max(6, right.width - 24)
        for r in 0..<min(rows, order.count) {
            let k = first + r
            let dim = order[k]
            let sigma = max(stats.std[dim], 1e-6)
            let z = (s.code[dim] - stats.mean[dim]) / sigma
            let position = Int(((min(3, max(-3, z)) + 3) / 6 * Float(barWidth - 1)).rounded())
            var bar = Array(repeating: Character("─"), count: barWidth)
            bar[barWidth / 2] = "┼"
            bar[position] = "●"
            let label = "z\(dim + 1)".padding(toLength: 4, withPad: " ", startingAt: 0)
            let text = label + " " + String(bar) + String(format: " %6.2f %+5.1fσ", s.code[dim], z)
            let style = k == s.row ? Style(attributes: .reverse) : (stats.kl.map { $0[dim] <= DimensionStats.activeThreshold } ?? false ? theme.dim : theme.plain)
            buffer.write(text, x: right.x, y: top + 1 + r, style: style, clippedTo: right)
        }
    }

    // MARK: - Traversal

    func drawTraversal(_ buffer: inout CellBuffer, _ images: inout [PlacedImage], _ state: AppState, _ area: Rect,
                       _ theme: Theme) {
        guard let i = state.current, let model = context.model, model.canDecode else { return }
        let stats = context.stats
        let offsets: [Float] = [-3, -2, -1, 0, 1, 2, 3]
        let labelWidth = 18
        let cellWidth = max(2, (area.width - labelWidth) / offsets.count - 1)
        let cellHeight = max(1, cellWidth * state.display.cellSize.width / max(1, state.display.cellSize.height))
        buffer.write("traversal around #\(i) \(context.className(context.classes[i])) · rows: dimensions, most active first",
                     x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        for (k, o) in offsets.enumerated() {
            buffer.write(o == 0 ? "0" : String(format: "%+.0fσ", o), x: area.x + labelWidth + k * (cellWidth + 1), y: area.y + 1,
                         style: theme.dim, clippedTo: area)
        }
        let order = traversalOrder
        let visible = max(1, (area.height - 2) / (cellHeight + 1))
        let point = context.encoding.code(i)
        for r in 0..<min(visible, order.count - state.traversalScroll) {
            let dim = order[state.traversalScroll + r]
            let y = area.y + 2 + r * (cellHeight + 1)
            var label = "z\(dim + 1) σ \(String(format: "%.2f", stats.std[dim]))"
            if let kl = stats.kl { label += String(format: " KL %.2f", kl[dim]) }
            buffer.write(label, x: area.x, y: y, style: theme.plain, clippedTo: Rect(x: area.x, y: y, width: labelWidth - 1, height: 1))
            let codes = stats.traversal(of: point, dimension: dim, offsets: offsets)
            guard let decoded = context.decodedValues(batch: codes) else { continue }
            let per = decoded.count / codes.count
            for k in 0..<codes.count {
                placeSample(Array(decoded[(k * per)..<((k + 1) * per)]),
                            in: Rect(x: area.x + labelWidth + k * (cellWidth + 1), y: y, width: cellWidth, height: cellHeight),
                            state.display, &buffer, &images)
            }
        }
    }

    // MARK: - Outliers

    func drawOutlierList(_ buffer: inout CellBuffer, _ state: AppState, _ area: Rect, _ theme: Theme) {
        let method = state.outliers.method
        let scores = context.outlierScores(method)
        let percentiles = context.outlierPercentiles(method)
        let title = method == .recon && context.encoding.reconstructionError != nil ? "reconstruction error" : "latent 10-NN distance"
        buffer.write("top outliers by \(title) (k: switch)", x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        let list = outlierList(state)
        let rows = max(1, area.height - 1)
        let first = max(0, min(state.outliers.row - rows / 2, list.count - rows))
        for r in 0..<min(rows, list.count) {
            let k = first + r
            let i = list[k]
            let text = String(format: "%3d #%-5d %@ %.4f p%.1f", k + 1, i,
                              context.className(context.classes[i]).padding(toLength: 12, withPad: " ", startingAt: 0),
                              scores[i], percentiles.isEmpty ? 0 : percentiles[i])
            buffer.write(text, x: area.x, y: area.y + 1 + r, style: k == state.outliers.row ? Style(attributes: .reverse) : theme.plain,
                         clippedTo: area)
        }
    }
}
