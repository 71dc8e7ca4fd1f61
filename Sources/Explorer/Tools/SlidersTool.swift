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

    public init(origin: Int, code: [Float]) {
        self.origin = origin
        self.code = code
    }
}

/// `s`: one slider per latent dimension on the current point's code, decoded live, a ghost point on the plot.
extension Explorer {
    func openSliders(_ state: inout AppState) {
        guard let i = state.current else { state.status = "no point to edit"; return }
        guard context.canDecode else { state.status = "sliders need a decoder"; return }
        state.mode = .sliders(SlidersState(origin: i, code: context.encoding.code(i)))
    }

    /// The dimensions in slider row order.
    public func sliderOrder(_ sliders: SlidersState) -> [Int] {
        sliders.byActivity ? context.stats.byActivity : Array(0..<context.latentDim)
    }

    func slidersAction(_ action: Action, _ tool: SlidersState, _ state: inout AppState) -> [Effect] {
        var s = tool
        let order = sliderOrder(s)
        let dim = order[min(s.row, order.count - 1)]
        let sigma = max(context.stats.std[dim], 1e-3)
        switch action {
        case .dimensionUp: s.row = max(0, s.row - 1)
        case .dimensionDown: s.row = min(order.count - 1, s.row + 1)
        case .nudge(let sigmas): s.code[dim] += sigmas * sigma
        case .reset: s.code = context.encoding.code(s.origin)
        case .zero: s.code[dim] = 0
        case .sortByActivity:
            s.byActivity.toggle()
            s.row = sliderOrder(s).firstIndex(of: dim) ?? 0
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
        SliderRows(sliders: s, order: sliderOrder(s), stats: context.stats, theme: theme)
            .render(in: Rect(x: right.x, y: top, width: right.width, height: max(0, right.maxY - top)), into: &frame)
    }
}

/// One row per dimension: name, a bar over ±3σ around the mean, the value and its position in σ.
struct SliderRows: Widget {
    let sliders: SlidersState
    let order: [Int]
    let stats: DimensionStats
    let theme: Theme

    func render(in area: Rect, into frame: inout Frame) {
        guard area.height >= 1 else { return }
        let s = sliders
        frame.buffer.write(s.byActivity ? "dimensions by activity (a: by index)" : "dimensions (a: by activity)",
                           x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        let rows = max(1, area.height - 1)
        let first = max(0, min(s.row - rows / 2, order.count - rows))
        let barWidth = max(6, area.width - 24)
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
            let inactive = stats.kl.map { $0[dim] <= DimensionStats.activeThreshold } ?? false
            let style = k == s.row ? Style(attributes: .reverse) : (inactive ? theme.dim : theme.plain)
            frame.buffer.write(text, x: area.x, y: area.y + 1 + r, style: style, clippedTo: area)
        }
    }
}
