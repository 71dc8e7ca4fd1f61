import Foundation
import LatentSpace
import Render

/// The interpolation between marks A and B: which frame is shown large.
public struct InterpolationState: Equatable, Sendable {
    public var frame = 0
    public init(frame: Int = 0) { self.frame = frame }
}

/// `i`: the path from A to B in latent space, its frames decoded, the path drawn on the plot.
extension Explorer {
    func openInterpolation(_ state: inout AppState) {
        guard state.markA != nil, state.markB != nil else {
            state.status = "mark two points first: a on one, b on another (A/B: their class means)"
            return
        }
        guard context.canDecode else { state.status = "interpolation needs a decoder"; return }
        state.mode = .interpolation(InterpolationState())
    }

    /// The codes of the interpolation path (empty without both marks).
    public func interpolationCodes(_ state: AppState) -> [[Float]] {
        guard let a = state.markA.flatMap(context.code(of:)), let b = state.markB.flatMap(context.code(of:)) else { return [] }
        let method: Interpolation = state.interpolation.spherical ? .spherical : .linear
        return method.path(from: a, to: b, steps: state.interpolation.steps)
    }

    func interpolationAction(_ action: Action, _ tool: InterpolationState, _ state: inout AppState) -> [Effect] {
        var tool = tool
        let steps = state.interpolation.steps
        switch action {
        case .stepBack: tool.frame = max(0, tool.frame - 1)
        case .stepForward: tool.frame = min(steps - 1, tool.frame + 1)
        case .fewerSteps: state.interpolation.steps = max(2, steps - 1)
        case .moreSteps: state.interpolation.steps = min(32, steps + 1)
        case .switchMethod: state.interpolation.spherical.toggle()
        default: break
        }
        tool.frame = min(tool.frame, state.interpolation.steps - 1)
        state.mode = .interpolation(tool)
        return []
    }

    /// The frames decoded, the path placed on the plot, the data point nearest the shown frame.
    func interpolationWork(_ tool: InterpolationState, _ state: AppState) -> [Work] {
        let codes = interpolationCodes(state)
        guard !codes.isEmpty else { return [] }
        let flat = codes.flatMap { $0 }
        return [.decode(codes: flat, count: codes.count), placeWork(flat, rows: codes.count, state),
                .nearest(code: codes[min(tool.frame, codes.count - 1)])]
    }

    /// The path and the shown frame on the plot.
    func interpolationOverlays(_ tool: InterpolationState, _ state: AppState, _ theme: Theme) -> [ScatterOverlay] {
        let codes = interpolationCodes(state)
        guard let path = placed(codes.flatMap { $0 }, rows: codes.count, state)?.map(Double.init), path.count >= 4 else { return [] }
        var overlays: [ScatterOverlay] = [.path(path, palette: theme.palette)]
        let f = tool.frame
        if 2 * f + 1 < path.count {
            overlays.append(.ghost(x: path[2 * f], y: path[2 * f + 1], palette: theme.palette,
                                   unicode: state.display.canvas != .character))
        }
        return overlays
    }

    /// The shown frame large in the sample pane, the strip of all frames in the legend's place.
    func drawInterpolation(_ tool: InterpolationState, _ state: AppState, _ layout: Layout, _ theme: Theme,
                           into frame: inout Frame) {
        let codes = interpolationCodes(state)
        let area = layout.sample
        guard !codes.isEmpty, let a = state.markA, let b = state.markB else { return }
        let f = min(tool.frame, codes.count - 1)
        frame.buffer.write("A \(context.name(of: a)) → B \(context.name(of: b))", x: area.x, y: area.y,
                           style: theme.heading, clippedTo: area)
        var nearestText = ""
        if case .index(let n?)? = state.work[.nearest(code: codes[f])] {
            nearestText = "nearest #\(n) \(context.className(context.classes[n]))"
        }
        frame.buffer.write("frame \(f + 1)/\(codes.count) · \(state.interpolation.spherical ? "spherical" : "linear") · \(nearestText)",
                           x: area.x, y: area.y + 1, style: theme.plain, clippedTo: area)
        let images = sampleImages(state)
        let body = Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3)
        guard let decoded = decoded(codes.flatMap { $0 }, count: codes.count, state) else {
            SamplePanels(panels: [("frame \(f + 1)", .pending)], images: images, theme: theme).render(in: body, into: &frame)
            return
        }
        let per = decoded.count / codes.count
        guard per > 0 else { return }
        SamplePanels(panels: [("frame \(f + 1)", .values(Array(decoded[(f * per)..<((f + 1) * per)])))], images: images,
                     theme: theme).render(in: body, into: &frame)
        FrameStrip(frames: (0..<codes.count).map { Array(decoded[($0 * per)..<(($0 + 1) * per)]) }, current: f,
                   images: images, theme: theme).render(in: layout.legend, into: &frame)
    }
}

/// Thumbnails of every interpolation frame in rows, the current one underlined.
struct FrameStrip: Widget {
    let frames: [[Float]]
    let current: Int
    let images: SampleImages
    let theme: Theme

    func render(in strip: Rect, into frame: inout Frame) {
        frame.buffer.write("frames (h/l)", x: strip.x, y: strip.y, style: theme.heading, clippedTo: strip)
        let thumbRows = max(1, strip.height - 2)
        let thumbCols = max(2, min(8, strip.width / max(1, frames.count) - 1))
        let perRow = max(1, strip.width / (thumbCols + 1))
        for (k, values) in frames.enumerated() {
            let col = k % perRow, row = k / perRow
            let slot = Rect(x: strip.x + col * (thumbCols + 1), y: strip.y + 1 + row * (thumbRows + 1),
                            width: thumbCols, height: thumbRows)
            guard slot.maxY <= strip.maxY else { continue }
            let rows = images.place(values, in: slot, into: &frame)
            if k == current, rows > 0 {
                frame.buffer.write(String(repeating: "▔", count: thumbCols), x: slot.x, y: min(slot.y + rows, strip.maxY - 1),
                                   style: theme.heading, clippedTo: strip)
            }
        }
    }
}
