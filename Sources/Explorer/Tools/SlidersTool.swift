import Foundation
import LatentSpace
import Render

/// The code edited with the sliders.
public struct SlidersState: Equatable, Sendable, Codable {
    /// The point whose code the edit started from (`r` resets to it).
    public var origin: Int
    public var code: [Float]
    /// The highlighted dimension, as a row of the slider order.
    public var row = 0
    /// Rows sorted by activity (VAE KL per dimension) instead of by index.
    public var byActivity = false
    /// What the sliders move along; nil for the latent's default (principal directions above 64 values).
    public var axes: LatentAxes?

    public init(origin: Int, code: [Float]) {
        self.origin = origin
        self.code = code
    }
}

/// `s`: one slider per latent dimension (or per principal direction, or per channel) on the current point's code,
/// decoded live, a ghost point on the plot.
extension Explorer {
    func openSliders(_ state: inout AppState) {
        guard let i = state.current else { state.status = "no point to edit"; return }
        guard context.canDecode else { state.status = "sliders need a decoder"; return }
        state.mode = .sliders(SlidersState(origin: i, code: context.encoding.code(i)))
    }

    /// What the sliders move along.
    public func sliderAxes(_ sliders: SlidersState) -> LatentAxes { sliders.axes ?? defaultAxes }

    /// The axes in slider row order (dimensions may be sorted by activity).
    public func sliderOrder(_ sliders: SlidersState) -> [Int] {
        let axes = sliderAxes(sliders)
        return axes == .dimensions && sliders.byActivity ? context.stats.byActivity : Array(0..<axisCount(axes))
    }

    func slidersAction(_ action: Action, _ tool: SlidersState, _ state: inout AppState) -> [Effect] {
        var s = tool
        let axes = sliderAxes(s)
        let order = sliderOrder(s)
        let axis = order[min(s.row, order.count - 1)]
        let sigma = max(axisSigma(axes, axis), 1e-3)
        switch action {
        case .dimensionUp: s.row = max(0, s.row - 1)
        case .dimensionDown: s.row = min(order.count - 1, s.row + 1)
        case .nudge(let sigmas): s.code = moved(s.code, axes, axis, by: sigmas * sigma)
        case .reset: s.code = context.encoding.code(s.origin)
        case .zero: s.code = moved(s.code, axes, axis, by: -axisValue(axes, axis, of: s.code).value)
        case .sortByActivity where axes == .dimensions:
            s.byActivity.toggle()
            s.row = sliderOrder(s).firstIndex(of: axis) ?? 0
        case .axes(let wanted):
            guard let next = toggled(axes, to: wanted) else {
                state.status = wanted == .channels ? "channel sliders need a spatial latent (C × …)" : "no principal directions"
                return []
            }
            s.axes = next
            s.row = 0
        default: break
        }
        state.mode = .sliders(s)
        return []
    }

    /// The edited and the original code decoded, the ghost placed on the plot, the data point nearest the edit.
    func slidersWork(_ s: SlidersState, _ state: AppState) -> [Work] {
        [.decode(codes: s.code, count: 1), .decode(codes: context.encoding.code(s.origin), count: 1),
         placeWork(s.code, rows: 1, state), .nearest(code: s.code)]
    }

    /// The ghost point: where the edited code falls on the plot.
    func slidersOverlays(_ s: SlidersState, _ state: AppState, _ theme: Theme) -> [ScatterOverlay] {
        guard let g = placed(s.code, rows: 1, state), g.count == 2, g[0].isFinite else { return [] }
        return [.ghost(x: Double(g[0]), y: Double(g[1]), palette: theme.palette, unicode: state.display.canvas != .character)]
    }

    /// The decoded edit next to the point it started from, then one row per dimension.
    func drawSliders(_ s: SlidersState, _ state: AppState, _ layout: Layout, _ theme: Theme, into frame: inout Frame) {
        let right = Rect(x: layout.sample.x, y: layout.sample.y, width: layout.sample.width,
                         height: layout.sample.height + layout.legend.height)
        let imageHeight = max(4, right.height * 2 / 5)
        frame.buffer.write("editing #\(s.origin) \(context.className(context.classes[s.origin]))", x: right.x, y: right.y,
                           style: theme.heading, clippedTo: right)
        var nearestText = "ghost ○"
        if case .index(let n?)? = state.work[.nearest(code: s.code)] {
            nearestText += " nearest #\(n) \(context.className(context.classes[n]))"
        }
        frame.buffer.write(nearestText, x: right.x, y: right.y + 1, style: theme.plain, clippedTo: right)
        func panel(_ label: String, _ code: [Float]) -> (label: String, content: SamplePanels.Content)? {
            switch state.work[.decode(codes: code, count: 1)] {
            case .values(let v)?: return (label, .values(v))
            case .failure?: return nil
            default: return (label, .pending)
            }
        }
        let panels = [panel("edited", s.code), panel("original", context.encoding.code(s.origin))].compactMap { $0 }
        SamplePanels(panels: panels, images: sampleImages(state), theme: theme)
            .render(in: Rect(x: right.x, y: right.y + 2, width: right.width, height: imageHeight), into: &frame)
        let top = right.y + 3 + imageHeight
        let axes = sliderAxes(s)
        let rows = sliderOrder(s).map { k in
            let (value, mean) = axisValue(axes, k, of: s.code)
            let inactive = axes == .dimensions && (context.stats.kl.map { $0[k] <= DimensionStats.activeThreshold } ?? false)
            return SliderRows.Row(label: axisLabel(axes, k), value: value, mean: mean,
                                  sigma: axisSigma(axes, k), inactive: inactive)
        }
        SliderRows(title: sliderTitle(s), rows: rows, selected: s.row, theme: theme)
            .render(in: Rect(x: right.x, y: top, width: right.width, height: max(0, right.maxY - top)), into: &frame)
    }

    /// The heading over the rows, with the keys that change them.
    private func sliderTitle(_ s: SlidersState) -> String {
        let c = hasChannels ? ", c: channels" : ""
        switch sliderAxes(s) {
        case .dimensions:
            return (s.byActivity ? "dimensions by activity (a: by index" : "dimensions (a: by activity") + ", p: principal\(c))"
        case .principal:
            let shown = context.pca.explainedVarianceRatio.reduce(0, +)
            return String(format: "principal directions, %.0f%% of the variance (p: dimensions%@)", 100 * shown, c)
        case .channels:
            return "channels, each shifted uniformly (c: back, p: principal)"
        }
    }
}

/// One row per axis: name, a bar over ±3σ around the mean, the value and its position in σ.
struct SliderRows: Widget {
    struct Row {
        let label: String
        let value: Float
        let mean: Float
        let sigma: Float
        /// Drawn dim (a VAE dimension the data does not use).
        let inactive: Bool
    }

    let title: String
    let rows: [Row]
    let selected: Int
    let theme: Theme

    func render(in area: Rect, into frame: inout Frame) {
        guard area.height >= 1 else { return }
        frame.buffer.write(title, x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        let visible = max(1, area.height - 1)
        let first = max(0, min(selected - visible / 2, rows.count - visible))
        let labelWidth = max(4, rows.map(\.label.count).max() ?? 4)
        let barWidth = max(6, area.width - 20 - labelWidth)
        for r in 0..<min(visible, rows.count) {
            let k = first + r
            let row = rows[k]
            let z = (row.value - row.mean) / max(row.sigma, 1e-6)
            let position = Int(((min(3, max(-3, z)) + 3) / 6 * Float(barWidth - 1)).rounded())
            var bar = Array(repeating: Character("─"), count: barWidth)
            bar[barWidth / 2] = "┼"
            bar[position] = "●"
            let label = row.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            let text = label + " " + String(bar) + String(format: " %6.2f %+5.1fσ", row.value, z)
            let style = k == selected ? Style(attributes: .reverse) : (row.inactive ? theme.dim : theme.plain)
            frame.buffer.write(text, x: area.x, y: area.y + 1 + r, style: style, clippedTo: area)
        }
    }
}
