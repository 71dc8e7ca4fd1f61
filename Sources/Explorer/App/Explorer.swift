import Foundation
import Render

/// The explorer as pure logic: an initial state, `update` for every message, and `view` (in Explorer+View).
///
/// Nothing here touches the terminal or the clock, and `update` runs no model: long work is requested as
/// `Effect`s and comes back as `Message`s.
public struct Explorer: Sendable {
    public let context: ExplorerContext

    public init(context: ExplorerContext) {
        self.context = context
    }

    /// The state before the first frame: the requested projection (falling back to PCA), the view fitted to
    /// the points and the cursor on the first point.
    public func initialState(width: Int, height: Int, projection requested: ProjectionKind? = nil) -> AppState {
        let fallback: ProjectionKind = context.latentDim == 2 ? .raw : context.firstComponents
        var state = AppState(width: width, height: height, projection: fallback, display: context.display)
        for (method, coordinates) in context.cachedProjections {
            // The cache keeps the coordinates only, so the title says where they came from instead of a KL.
            var run = ProjectionRun(phase: .finished, coordinates: coordinates)
            run.note = "from the cache"
            state.runs[method] = run
        }
        if let requested, coordinates(for: requested, state) != nil { state.projection = requested }
        state.coordinates = coordinates(for: state.projection, state) ?? []
        fitView(&state)
        if context.count > 0, state.coordinates.count >= 2 {
            state.cursor = AppState.Point(x: Double(state.coordinates[0]), y: Double(state.coordinates[1]))
        }
        updateHover(&state)
        return state
    }

    /// Effects to run right after start: the work the first frame needs, and a background projection asked for
    /// with `--projection` and not cached.
    public func startupEffects(_ state: inout AppState, requested: ProjectionKind?) -> [Effect] {
        var effects: [Effect] = []
        if case .learned(let method)? = requested, state.runs[method] == nil {
            effects += startProjection(method, &state)
        }
        return effects + scheduleWork(&state)
    }

    // MARK: - Update

    /// Applies a message to the state and returns the work to start.
    public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
        var effects = handle(message, &state)
        effects += scheduleWork(&state)
        return effects
    }

    private func handle(_ message: Message, _ state: inout AppState) -> [Effect] {
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
        case .projection(let method, let event):
            return handleProjection(method, event, &state)
        case .workDone(let work, let result):
            state.work.store(work, result, needed: Set(neededWork(state)))
            workArrived(work, result, &state)
            return []
        case .written(let file, let path):
            switch file {
            case .coordinates: state.status = "exported coordinates to \(path)"
            case .session: state.status = "session saved to \(path) (latent explore --session \(path))"
            }
            return []
        case .writeFailed(let reason):
            state.status = "could not write: \(reason)"
            return []
        }
    }

    private func handleKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch state.mode {
        case .help(let over):
            switch Keymap.action(for: key, in: .help) {
            case .redraw?: return [.redrawAll]
            default:
                if key == .character("q") || key == .control("c") { return [.quit] }
                state.mode = over
                return []
            }
        case .search(let search):
            if let action = Keymap.action(for: key, in: .search) { return searchAction(action, search, &state) }
            typeIntoSearch(key, search, &state)
            return []
        default:
            guard let action = Keymap.action(for: key, in: state.mode.kind) else { return [] }
            return act(action, &state)
        }
    }

    /// Carries out an action in the current mode.
    func act(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action {
        case .quit: return [.quit]
        case .help:
            state.mode = .help(over: state.mode)
            return []
        case .redraw: return [.redrawAll]
        case .back:
            if case .browse = state.mode { return cancelRunningProjections(&state) }
            state.mode = .browse
            return []
        default: break
        }
        switch state.mode {
        case .browse: return browseAction(action, &state)
        case .interpolation(let tool): return interpolationAction(action, tool, &state)
        case .sliders(let tool): return slidersAction(action, tool, &state)
        case .traversal(let tool): return traversalAction(action, tool, &state)
        case .outliers(let tool): return outliersAction(action, tool, &state)
        case .search(let search): return searchAction(action, search, &state)
        case .help: return []
        }
    }

    private func handleClick(column: Int, row: Int, _ state: inout AppState) -> [Effect] {
        if case .help(let over) = state.mode {
            state.mode = over
            return []
        }
        let layout = layoutFor(state)
        if layout.plot.contains(Position(x: column, y: row)) {
            let p = state.viewport.dataPoint(dotX: Double((column - layout.plot.x) * state.display.dotsPerCell.x) + 0.5,
                                             dotY: Double((row - layout.plot.y) * state.display.dotsPerCell.y) + 0.5,
                                             dotsWide: dotsWide(layout, state.display), dotsHigh: dotsHigh(layout, state.display))
            state.cursor = AppState.Point(x: p.x, y: p.y)
            updateHover(&state)
            state.selection = state.hover
        } else if case .browse = state.mode, let c = layout.legendClass(column: column, row: row) {
            toggleClass(c, &state)
        }
        return []
    }

    // MARK: - Work

    /// The heavy work the state needs to be drawn, by mode.
    func neededWork(_ state: AppState) -> [Work] {
        var work: [Work]
        switch state.mode.underHelp {
        case .browse, .search, .help: work = samplePaneWork(state)
        case .outliers(let tool): work = outliersWork(tool, state)
        case .interpolation(let tool): work = interpolationWork(tool, state)
        case .sliders(let tool): work = slidersWork(tool, state)
        case .traversal(let tool): return traversalWork(tool, state)
        }
        // class-mean marks are placed on the plot
        for case .classMean(let c)? in [state.markA, state.markB] {
            if let code = context.code(of: .classMean(c)) { work.append(placeWork(code, rows: 1, state)) }
        }
        return work
    }

    /// Asks for the needed work that is neither done nor pending.
    func scheduleWork(_ state: inout AppState) -> [Effect] {
        state.work.schedule(neededWork(state)).map { .work(order(for: $0, state)) }
    }

    /// The work with what it needs beyond its key (a placement's embedding).
    private func order(for work: Work, _ state: AppState) -> WorkOrder {
        if case .place(_, _, .learned(let method), _) = work {
            return WorkOrder(work, embedding: state.runs[method]?.coordinates)
        }
        return WorkOrder(work)
    }

    /// A result the mode acts on when it arrives (the outliers list moves to its first point).
    private func workArrived(_ work: Work, _ result: WorkResult, _ state: inout AppState) {
        if case .outlierTable = work, case .outliers(let tool) = state.mode { followOutlier(tool, &state) }
    }

    /// The decoded samples of a decode, nil while it is pending; a failure is said in the status line.
    func decoded(_ codes: [Float], count: Int, _ state: AppState) -> [Float]? {
        guard case .values(let values)? = state.work[.decode(codes: codes, count: count)] else { return nil }
        return values
    }

    /// Why some needed work failed, if any did (shown in the status line instead of the key hints).
    func workFailure(_ state: AppState) -> String? {
        for w in neededWork(state) {
            if case .failure(let reason)? = state.work[w] { return reason }
        }
        return nil
    }

    /// Plot coordinates of codes in the current projection, nil while the placement is pending.
    func placed(_ codes: [Float], rows: Int, _ state: AppState) -> [Float]? {
        guard case .values(let values)? = state.work[placeWork(codes, rows: rows, state)] else { return nil }
        return values
    }

    /// The work placing codes into the current projection.
    func placeWork(_ codes: [Float], rows: Int, _ state: AppState) -> Work {
        var version = 0
        if case .learned(let method) = state.projection { version = state.runs[method]?.version ?? 0 }
        return .place(codes: codes, rows: rows, projection: state.projection, version: version)
    }
}
