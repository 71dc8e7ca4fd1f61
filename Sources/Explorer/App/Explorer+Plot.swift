import Render

/// The plot's geometry: cursor, zoom, fitting, the point under the cursor, classes shown, projections shown.
extension Explorer {
    func layoutFor(_ state: AppState) -> Layout {
        Layout(width: state.width, height: state.height, classCount: context.classCount)
    }

    func dotsWide(_ layout: Layout, _ display: DisplayOptions) -> Int { max(1, layout.plot.width * display.dotsPerCell.x) }
    func dotsHigh(_ layout: Layout, _ display: DisplayOptions) -> Int { max(1, layout.plot.height * display.dotsPerCell.y) }

    /// The coordinates (N × 2) of a projection: PCA and raw from the context, a background projection from its
    /// run; nil when not available (not run yet, or not possible).
    func coordinates(for projection: ProjectionKind, _ state: AppState) -> [Float]? {
        if case .learned(let method) = projection { return state.runs[method]?.coordinates }
        return context.coordinates(for: projection)
    }

    /// Shows another projection, if it has coordinates.
    @discardableResult
    func setProjection(_ projection: ProjectionKind, _ state: inout AppState) -> Bool {
        guard let coordinates = coordinates(for: projection, state) else { return false }
        state.projection = projection
        state.viewLocked = false
        applyCoordinates(coordinates, &state)
        return true
    }

    /// Shows new coordinates (another projection, or an animation frame), keeping the current point under the
    /// cursor.
    func applyCoordinates(_ coordinates: [Float], _ state: inout AppState) {
        state.coordinates = coordinates
        if !state.viewLocked { fitView(&state) }
        if let i = state.current, i * 2 + 1 < coordinates.count {
            state.cursor = AppState.Point(x: Double(coordinates[2 * i]), y: Double(coordinates[2 * i + 1]))
            state.hover = i
        } else {
            updateHover(&state)
        }
    }

    func moveCursor(dx: Int, dy: Int, _ state: inout AppState) {
        // One step is one character cell of the plot.
        let cell = state.display.dotsPerCell
        state.cursor.x += Double(dx * cell.x) * state.viewport.unitsPerDotX
        state.cursor.y -= Double(dy * cell.y) * state.viewport.unitsPerDotY
        keepCursorVisible(&state)
        updateHover(&state)
    }

    /// Magnifies the view by `factor` (2 = twice as close) around the cursor.
    func zoom(by factor: Double, _ state: inout AppState) {
        state.viewport = state.viewport.zoomed(by: factor, aroundX: state.cursor.x, y: state.cursor.y)
        state.viewLocked = true
        updateHover(&state)
    }

    func toggleClass(_ c: Int, _ state: inout AppState) {
        guard c < context.classCount else {
            state.status = "there is no class \(c) (classes 0–\(context.classCount - 1))"
            return
        }
        if state.hiddenClasses.contains(c) { state.hiddenClasses.remove(c) } else { state.hiddenClasses.insert(c) }
        updateHover(&state)
    }

    /// Moves the cursor onto point `i` and makes it the current point.
    func focus(on i: Int, _ state: inout AppState) {
        guard i >= 0, i * 2 + 1 < state.coordinates.count else { return }
        state.cursor = AppState.Point(x: Double(state.coordinates[2 * i]), y: Double(state.coordinates[2 * i + 1]))
        keepCursorVisible(&state)
        state.hover = i
    }

    /// Fits the viewport to the points.
    func fitView(_ state: inout AppState) {
        let layout = layoutFor(state)
        state.viewport = Viewport.fitting(points: state.coordinates, dotsWide: dotsWide(layout, state.display),
                                          dotsHigh: dotsHigh(layout, state.display), dotAspect: state.display.dotAspect)
    }

    /// Pans when the cursor leaves the view: by half the view in that direction, so walking on costs one redraw
    /// of the plot per half view rather than one per step (a whole plot is 5–10 KB on the wire).
    private func keepCursorVisible(_ state: inout AppState) {
        let layout = layoutFor(state)
        let xs = state.viewport.visibleXRange(dotsWide: dotsWide(layout, state.display))
        let ys = state.viewport.visibleYRange(dotsHigh: dotsHigh(layout, state.display))
        let halfX = (xs.upperBound - xs.lowerBound) / 2, halfY = (ys.upperBound - ys.lowerBound) / 2
        var dx = 0.0, dy = 0.0
        if state.cursor.x < xs.lowerBound { dx = state.cursor.x - xs.lowerBound - halfX }
        if state.cursor.x > xs.upperBound { dx = state.cursor.x - xs.upperBound + halfX }
        if state.cursor.y < ys.lowerBound { dy = state.cursor.y - ys.lowerBound - halfY }
        if state.cursor.y > ys.upperBound { dy = state.cursor.y - ys.upperBound + halfY }
        if dx != 0 || dy != 0 {
            // `panned` takes dots, screen down positive; dx and dy are data units, y up.
            state.viewport = state.viewport.panned(dx: dx / state.viewport.unitsPerDotX, dy: -dy / state.viewport.unitsPerDotY)
            state.viewLocked = true
        }
    }

    /// Recomputes the visible point nearest the cursor.
    func updateHover(_ state: inout AppState) {
        let plot = ScatterPlot(points: state.coordinates, coloring: .classes(context.classes),
                               palette: Palette(depth: state.display.colors), hiddenClasses: state.hiddenClasses)
        state.hover = plot.nearestPoint(x: state.cursor.x, y: state.cursor.y, viewport: state.viewport,
                                        dotAspect: state.display.dotAspect,
                                        grid: context.plotMemo.pointGrid(state.coordinates))
    }
}
