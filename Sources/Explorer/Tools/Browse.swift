import Foundation
import LatentSpace
import Render

/// Browsing: moving over the plot, zooming, classes, projections, marks, opening the tools, export and save.
extension Explorer {
    func browseAction(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action {
        case .move(let dx, let dy): moveCursor(dx: dx, dy: dy, &state)
        case .pin:
            if let h = state.hover { state.selection = state.selection == h ? nil : h }
        case .zoomIn: zoom(by: 2, &state)
        case .zoomOut: zoom(by: 0.5, &state)
        case .fitView:
            state.viewLocked = false
            fitView(&state)
            updateHover(&state)
        case .toggleClass(let c): toggleClass(c, &state)
        case .greyHidden:
            state.greyHidden.toggle()
            updateHover(&state)
        case .next: if !stepThroughMatches(forward: true, &state) { jumpWithinClass(forward: true, &state) }
        case .previous: if !stepThroughMatches(forward: false, &state) { jumpWithinClass(forward: false, &state) }
        case .pca:
            if case .pca = state.projection {} else { setProjection(context.firstComponents, &state) }
        case .nextPCX, .nextPCY:
            guard case .pca(let x, let y) = state.projection else {
                state.status = "x/y pick principal components in the PCA view (press p)"
                return []
            }
            let k = context.pca.componentCount
            func next(_ c: Int, avoiding other: Int) -> Int {
                var n = (c + 1) % k
                if n == other && k > 1 { n = (n + 1) % k }
                return n
            }
            setProjection(action == .nextPCX ? .pca(x: next(x, avoiding: y), y: y) : .pca(x: x, y: next(y, avoiding: x)), &state)
        case .raw:
            guard context.latentDim == 2 else {
                state.status = "raw axes need a 2-d latent (this one is \(context.latentDim)-d)"
                return []
            }
            setProjection(.raw, &state)
        case .project(let method):
            return startProjection(method, &state)
        case .export:
            return [.write(.coordinates(tag: state.projection.fileTag), contents: coordinatesCSV(state))]
        case .saveSession:
            return [.write(.session, contents: Session(state: state, bundle: context.source).encoded())]
        case .mark(let slot, let ofClassMean):
            mark(slot, ofClassMean: ofClassMean, &state)
        case .open(let tool):
            open(tool, &state)
        default:
            break
        }
        return []
    }

    private func mark(_ slot: MarkSlot, ofClassMean: Bool, _ state: inout AppState) {
        guard let i = state.current else {
            state.status = ofClassMean ? "no point to take the class of" : "no point to mark"
            return
        }
        let mark: Mark = ofClassMean ? .classMean(context.classes[i]) : .point(i)
        if slot == .a { state.markA = mark } else { state.markB = mark }
        state.status = "\(slot == .a ? "A" : "B") = \(context.name(of: mark))"
    }

    private func open(_ tool: Tool, _ state: inout AppState) {
        switch tool {
        case .interpolation: openInterpolation(&state)
        case .sliders: openSliders(&state)
        case .traversal: openTraversal(&state)
        case .outliers: openOutliers(&state)
        case .search: state.mode = .search(SearchState())
        }
    }

    private func jumpWithinClass(forward: Bool, _ state: inout AppState) {
        guard let from = state.current else { return }
        let c = context.classes[from]
        let n = context.count
        var i = from
        for _ in 0..<n {
            i = forward ? (i + 1) % n : (i - 1 + n) % n
            if context.classes[i] == c { break }
        }
        guard i != from else { return }
        focus(on: i, &state)
    }

    /// The plotted coordinates as `index,label,x,y` CSV.
    public func coordinatesCSV(_ state: AppState) -> String {
        var lines = ["index,label,x,y"]
        lines.reserveCapacity(context.count + 1)
        for i in 0..<(state.coordinates.count / 2) {
            let label = context.className(context.classes[i]).replacingOccurrences(of: ",", with: ";")
            lines.append("\(i),\(label),\(state.coordinates[2 * i]),\(state.coordinates[2 * i + 1])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - The sample pane

    /// The sample pane needs the current point's reconstruction.
    func samplePaneWork(_ state: AppState) -> [Work] {
        guard context.canDecode, let i = state.current else { return [] }
        return [.decode(codes: context.encoding.code(i), count: 1)]
    }

    /// The sample pane: the current point's index, label and reconstruction error, then its input and its
    /// reconstruction side by side.
    func drawSamplePane(_ state: AppState, in area: Rect, _ theme: Theme, into frame: inout Frame) {
        guard area.height >= 3, let i = state.current else {
            frame.buffer.write("no point under the cursor", x: area.x, y: area.y, style: theme.dim, clippedTo: area)
            return
        }
        var header = "#\(i)  \(context.className(context.classes[i]))"
        if state.selection == i { header += "  (pinned)" }
        frame.buffer.write(header, x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        if let table = context.reconstructionTable {
            frame.buffer.write(String(format: "recon error %.4f · percentile %.1f", table.scores[i], table.percentiles[i]),
                               x: area.x, y: area.y + 1, style: theme.plain, clippedTo: area)
        }
        var panels: [(label: String, content: SamplePanels.Content)] = []
        if let input = context.inputValues(i) { panels.append(("input", .values(input))) }
        if context.canDecode {
            let code = context.encoding.code(i)
            switch state.work[.decode(codes: code, count: 1)] {
            case .values(let v)?: panels.append(("reconstruction", .values(v)))
            case .failure?: break
            default: panels.append(("reconstruction", .pending))
            }
        }
        SamplePanels(panels: panels, images: sampleImages(state), theme: theme, overlaid: true)
            .render(in: Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3), into: &frame)
    }

    /// How samples are drawn on this screen.
    func sampleImages(_ state: AppState) -> SampleImages {
        SampleImages(display: state.display, sample: context.sample, cache: context.imageCache)
    }
}
