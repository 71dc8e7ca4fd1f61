import Foundation
import Render

/// The explorer as pure logic: an initial state, `update` for every message, and `view` (in Explorer+View).
///
/// Nothing here touches the terminal: long work is requested as `Effect`s and comes back as `Message`s.
public struct Explorer: Sendable {
    public let context: ExplorerContext

    public init(context: ExplorerContext) {
        self.context = context
    }

    /// The state before the first frame: the requested projection (falling back to PCA), the view fitted to
    /// the points and the cursor on the first point.
    public func initialState(width: Int, height: Int, projection requested: ProjectionKind? = nil) -> AppState {
        let fallback: ProjectionKind = context.latentDim == 2 ? .raw : .pca(x: 0, y: min(1, context.pca.componentCount - 1))
        var projection = requested ?? fallback
        if context.coordinates(for: projection, tsne: nil) == nil && projection != .tsne { projection = fallback }
        var state = AppState(width: width, height: height, projection: projection, display: context.display)
        if projection == .tsne && context.cachedTSNE == nil {
            // t-SNE asked for at start without a cached result: show PCA until the run delivers.
            state.projection = .pca(x: 0, y: min(1, context.pca.componentCount - 1))
        }
        state.coordinates = context.coordinates(for: state.projection, tsne: nil) ?? []
        state.tsneCoordinates = context.cachedTSNE
        if context.cachedTSNE != nil { state.tsne = .finished(kl: nil) }
        fitView(&state)
        if context.count > 0 {
            state.cursor = AppState.Point(x: Double(state.coordinates[0]), y: Double(state.coordinates[1]))
        }
        updateHover(&state)
        return state
    }

    /// Effects to run right after start (a t-SNE requested with `--projection tsne` and not cached).
    public func startupEffects(requested: ProjectionKind?) -> [Effect] {
        requested == .tsne && context.cachedTSNE == nil ? [.startTSNE] : []
    }

    // MARK: - Update

    /// Applies a message to the state and returns the work to start.
    public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
        switch message {
        case .key(let key):
            state.status = nil
            return handleKey(key, &state)
        case .click(let column, let row):
            return handleClick(column: column, row: row, &state)
        case .resize(let width, let height):
            state.width = width
            state.height = height
            if !state.viewLocked { fitView(&state) }
            updateHover(&state)
            return [.redrawAll]
        case .cellSize(let size, let source):
            guard size.width > 0, size.height > 0 else { return [] }
            state.display.cellSize = size
            state.display.cellSizeSource = source
            if !state.viewLocked { fitView(&state) }
            updateHover(&state)
            return [.redrawAll]
        case .tsneProgress(let iteration, let total, let kl, let coordinates):
            guard case .running = state.tsne else { return [] }
            state.tsne = .running(iteration: iteration, total: total, kl: kl)
            state.tsneNeighbors = nil
            if state.projection == .tsne, coordinates.count == context.count * 2 {
                applyCoordinates(coordinates, &state)
            }
            return []
        case .tsneNeighbors(let done, let total):
            guard case .running(0, _, _) = state.tsne else { return [] }
            state.tsneNeighbors = NeighborSearchProgress(done: done, total: total)
            return []
        case .tsneFinished(let coordinates, let kl):
            state.tsne = .finished(kl: kl)
            state.tsneNeighbors = nil
            state.tsneCoordinates = coordinates
            state.projectionBeforeTSNE = nil
            if state.projection == .tsne {
                applyCoordinates(coordinates, &state)
                refreshInterpolation(&state)
                refreshGhost(&state)
            }
            return []
        case .tsneCancelled:
            state.tsne = state.tsneCoordinates == nil ? .idle : .finished(kl: nil)
            state.tsneNeighbors = nil
            if state.projection == .tsne, let previous = state.projectionBeforeTSNE {
                setProjection(previous, &state)
            }
            state.projectionBeforeTSNE = nil
            state.status = "t-SNE cancelled"
            return []
        case .tsneFailed(let reason):
            state.tsne = .failed(reason)
            state.tsneNeighbors = nil
            if let previous = state.projectionBeforeTSNE { setProjection(previous, &state) }
            state.projectionBeforeTSNE = nil
            state.status = "t-SNE failed: \(reason)"
            return []
        case .exported(let path):
            state.status = "exported coordinates to \(path)"
            return []
        case .exportFailed(let reason):
            state.status = "could not write: \(reason)"
            return []
        case .sessionSaved(let path):
            state.status = "session saved to \(path) (latent explore --session \(path))"
            return []
        }
    }

    private func handleKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        if state.mode == .help {
            if key == .character("q") { return [.quit] }
            state.mode = .browse
            return []
        }
        if state.mode != .browse { return handleToolKey(key, &state) }
        if let effects = handleToolOpeningKey(key, &state) { return effects }
        switch key {
        case .character("q"), .control("c"):
            return [.quit]
        case .character("?"):
            state.mode = .help
        case .left, .character("h"): moveCursor(dx: -1, dy: 0, &state)
        case .right, .character("l"): moveCursor(dx: 1, dy: 0, &state)
        case .up, .character("k"): moveCursor(dx: 0, dy: -1, &state)
        case .down, .character("j"): moveCursor(dx: 0, dy: 1, &state)
        case .shiftLeft, .character("H"): moveCursor(dx: -8, dy: 0, &state)
        case .shiftRight, .character("L"): moveCursor(dx: 8, dy: 0, &state)
        case .shiftUp, .character("K"): moveCursor(dx: 0, dy: -8, &state)
        case .shiftDown, .character("J"): moveCursor(dx: 0, dy: 8, &state)
        case .enter:
            if let h = state.hover { state.selection = state.selection == h ? nil : h }
        case .character("+"), .character("="):
            zoom(by: 2, &state)
        case .character("-"), .character("_"):
            zoom(by: 0.5, &state)
        case .character("0"):
            state.viewLocked = false
            fitView(&state)
            updateHover(&state)
        case .character(let c) where c.isNumber && c != "0":
            toggleClass(Int(String(c))!, &state)
        case .character(")"):
            toggleClass(0, &state)
        case .character("g"):
            state.greyHidden.toggle()
            updateHover(&state)
        case .character("n"): if !cycleMatches(forward: true, &state) { jumpWithinClass(forward: true, &state) }
        case .character("N"): if !cycleMatches(forward: false, &state) { jumpWithinClass(forward: false, &state) }
        case .character("p"):
            if case .pca = state.projection {} else { setProjection(.pca(x: 0, y: min(1, context.pca.componentCount - 1)), &state) }
        case .character("x"), .character("y"):
            guard case .pca(let x, let y) = state.projection else {
                state.status = "x/y pick principal components in the PCA view (press p)"
                return []
            }
            let k = context.pca.componentCount
            if key == .character("x") {
                var next = (x + 1) % k
                if next == y && k > 1 { next = (next + 1) % k }
                setProjection(.pca(x: next, y: y), &state)
            } else {
                var next = (y + 1) % k
                if next == x && k > 1 { next = (next + 1) % k }
                setProjection(.pca(x: x, y: next), &state)
            }
        case .character("r"):
            guard context.latentDim == 2 else {
                state.status = "raw axes need a 2-d latent (this one is \(context.latentDim)-d)"
                return []
            }
            setProjection(.raw, &state)
        case .character("t"):
            return startTSNE(&state)
        case .escape:
            if case .running = state.tsne { return [.cancelTSNE] }
        case .character("e"):
            return [exportEffect(state)]
        case .character("S"):
            let path = "latent-session-\(Int(Date().timeIntervalSince1970)).json"
            return [.saveSession(path: path, contents: Session(state: state, bundle: context.source).encoded())]
        case .control("l"):
            return [.redrawAll]
        default:
            break
        }
        return []
    }

    // MARK: - Actions

    private func startTSNE(_ state: inout AppState) -> [Effect] {
        if case .running = state.tsne {
            if state.projection != .tsne { state.projection = .tsne }
            return []
        }
        if let done = state.tsneCoordinates {
            state.projection = .tsne
            state.viewLocked = false
            applyCoordinates(done, &state)
            return []
        }
        state.projectionBeforeTSNE = state.projection
        state.projection = .tsne
        state.viewLocked = false
        state.tsne = .running(iteration: 0, total: 0, kl: nil)
        return [.startTSNE]
    }

    private func setProjection(_ projection: ProjectionKind, _ state: inout AppState) {
        guard let coordinates = context.coordinates(for: projection, tsne: state.tsneCoordinates) else { return }
        state.projection = projection
        state.viewLocked = false
        applyCoordinates(coordinates, &state)
        refreshInterpolation(&state)
        refreshGhost(&state)
    }

    /// Shows new coordinates (another projection, or a t-SNE frame), keeping the current point under the cursor.
    private func applyCoordinates(_ coordinates: [Float], _ state: inout AppState) {
        state.coordinates = coordinates
        if !state.viewLocked { fitView(&state) }
        if let i = state.current, i * 2 + 1 < coordinates.count {
            state.cursor = AppState.Point(x: Double(coordinates[2 * i]), y: Double(coordinates[2 * i + 1]))
            state.hover = i
        } else {
            updateHover(&state)
        }
    }

    private func moveCursor(dx: Int, dy: Int, _ state: inout AppState) {
        // One step is one character cell of the plot.
        let cell = state.display.dotsPerCell
        state.cursor.x += Double(dx * cell.x) * state.viewport.unitsPerDotX
        state.cursor.y -= Double(dy * cell.y) * state.viewport.unitsPerDotY
        keepCursorVisible(&state)
        updateHover(&state)
    }

    /// Magnifies the view by `factor` (2 = twice as close) around the cursor.
    private func zoom(by factor: Double, _ state: inout AppState) {
        state.viewport = state.viewport.zoomed(by: factor, aroundX: state.cursor.x, y: state.cursor.y)
        state.viewLocked = true
        updateHover(&state)
    }

    private func toggleClass(_ c: Int, _ state: inout AppState) {
        guard c < context.classCount else {
            state.status = "there is no class \(c) (classes 0–\(context.classCount - 1))"
            return
        }
        if state.hiddenClasses.contains(c) { state.hiddenClasses.remove(c) } else { state.hiddenClasses.insert(c) }
        updateHover(&state)
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

    /// Moves the cursor onto point `i` and makes it the current point.
    func focus(on i: Int, _ state: inout AppState) {
        guard i * 2 + 1 < state.coordinates.count else { return }
        state.cursor = AppState.Point(x: Double(state.coordinates[2 * i]), y: Double(state.coordinates[2 * i + 1]))
        keepCursorVisible(&state)
        state.hover = i
    }

    private func handleClick(column: Int, row: Int, _ state: inout AppState) -> [Effect] {
        let layout = layoutFor(state)
        if state.mode == .help { state.mode = .browse; return [] }
        if layout.plot.contains(Position(x: column, y: row)) {
            let p = state.viewport.dataPoint(dotX: Double((column - layout.plot.x) * state.display.dotsPerCell.x) + 0.5,
                                             dotY: Double((row - layout.plot.y) * state.display.dotsPerCell.y) + 0.5,
                                             dotsWide: dotsWide(layout, state.display), dotsHigh: dotsHigh(layout, state.display))
            state.cursor = AppState.Point(x: p.x, y: p.y)
            updateHover(&state)
            state.selection = state.hover
        } else if let c = layout.legendClass(column: column, row: row) {
            toggleClass(c, &state)
        }
        return []
    }

    private func exportEffect(_ state: AppState) -> Effect {
        let stamp = Int(Date().timeIntervalSince1970)
        let tag: String
        switch state.projection {
        case .pca(let x, let y): tag = "pca\(x + 1)-\(y + 1)"
        case .tsne: tag = "tsne"
        case .raw: tag = "raw"
        }
        return .export(path: "latent-\(tag)-\(stamp).csv", contents: coordinatesCSV(state))
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

    // MARK: - Geometry

    func layoutFor(_ state: AppState) -> Layout {
        Layout(width: state.width, height: state.height, classCount: context.classCount)
    }

    func dotsWide(_ layout: Layout, _ display: DisplayOptions) -> Int { max(1, layout.plot.width * display.dotsPerCell.x) }
    func dotsHigh(_ layout: Layout, _ display: DisplayOptions) -> Int { max(1, layout.plot.height * display.dotsPerCell.y) }

    /// Fits the viewport to the visible points.
    func fitView(_ state: inout AppState) {
        let layout = layoutFor(state)
        state.viewport = Viewport.fitting(points: state.coordinates, dotsWide: dotsWide(layout, state.display), dotsHigh: dotsHigh(layout, state.display),
                                          dotAspect: state.display.dotAspect)
    }

    private func keepCursorVisible(_ state: inout AppState) {
        let layout = layoutFor(state)
        let xs = state.viewport.visibleXRange(dotsWide: dotsWide(layout, state.display))
        let ys = state.viewport.visibleYRange(dotsHigh: dotsHigh(layout, state.display))
        var dx = 0.0, dy = 0.0
        if state.cursor.x < xs.lowerBound { dx = state.cursor.x - xs.lowerBound }
        if state.cursor.x > xs.upperBound { dx = state.cursor.x - xs.upperBound }
        if state.cursor.y < ys.lowerBound { dy = state.cursor.y - ys.lowerBound }
        if state.cursor.y > ys.upperBound { dy = state.cursor.y - ys.upperBound }
        if dx != 0 || dy != 0 {
            state.viewport = state.viewport.panned(dx: dx, dy: dy)
            state.viewLocked = true
        }
    }

    /// Recomputes the visible point nearest the cursor.
    func updateHover(_ state: inout AppState) {
        let plot = ScatterPlot(points: state.coordinates, coloring: .classes(context.classes),
                               palette: Palette(depth: state.display.colors),
                               hiddenClasses: state.hiddenClasses)
        state.hover = plot.nearestPoint(x: state.cursor.x, y: state.cursor.y, viewport: state.viewport,
                                        dotAspect: state.display.dotAspect)
    }
}
