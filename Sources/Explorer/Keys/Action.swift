/// What a key asks for, whatever key it is: the keymap turns keys into actions, the modes act on them.
public enum Action: Hashable, Sendable {
    // everywhere
    case quit
    case back
    case help
    case redraw

    // moving and looking (browse)
    case move(dx: Int, dy: Int)
    case pin
    case zoomIn, zoomOut, fitView
    case toggleClass(Int)
    case greyHidden
    case next, previous
    case pca, nextPCX, nextPCY
    case raw
    case project(ProjectionMethod)
    case export
    case saveSession
    case mark(MarkSlot, ofClassMean: Bool)
    case open(Tool)

    // in the tools
    case stepBack, stepForward
    case fewerSteps, moreSteps
    case switchMethod
    case goToPoint
    case dimensionUp, dimensionDown
    case nudge(sigmas: Float)
    case reset, zero, sortByActivity
    /// Sliders and traversal along principal directions or channels (again: back).
    case axes(LatentAxes)
    case scrollUp, scrollDown
    case pageUp, pageDown
    case columnLeft, columnRight
}

/// Which interpolation end a mark sets.
public enum MarkSlot: Hashable, Sendable { case a, b }

/// The tools `i s d o /` open.
public enum Tool: Hashable, Sendable, CaseIterable {
    case interpolation, sliders, traversal, outliers, search
}
