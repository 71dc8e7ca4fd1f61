import Render

/// Everything that can happen to the explorer: input from the user and results of work.
public enum Message: Sendable {
    case key(Key)
    /// A mouse click at a screen cell.
    case click(column: Int, row: Int)
    case resize(width: Int, height: Int)
    /// The terminal's cell size in pixels changed (a new font size), as found from `source`.
    case cellSize(PixelSize, source: CellSizeSource)
    /// A background projection reports.
    case projection(ProjectionMethod, ProjectionEvent)
    /// Work asked for with `Effect.work` is done.
    case workDone(Work, WorkResult)
    /// A file asked for with `Effect.write` was written to `path`, or could not be.
    case written(WrittenFile, path: String)
    case writeFailed(String)
}

/// What a background projection reports.
public enum ProjectionEvent: Sendable {
    /// The nearest-neighbour search before the first iteration has done `done` of `total` points.
    case neighbors(done: Int, total: Int)
    /// Another preparation step (UMAP's spectral start) has done `done` of `total`.
    case preparing(String, done: Int, total: Int)
    /// The embedding so far (N × 2, row-major) at an iteration.
    case progress(iteration: Int, total: Int, kl: Double?, coordinates: [Float])
    case finished(coordinates: [Float], kl: Double?)
    case cancelled
    case failed(String)
}

/// Which file an `Effect.write` writes (its name is chosen when it is written, from the clock).
public enum WrittenFile: Equatable, Sendable {
    /// The plotted coordinates as CSV; `tag` names the projection (`latent-TAG-TIME.csv`).
    case coordinates(tag: String)
    /// A session (`latent-session-TIME.json`).
    case session
}

/// Work the terminal layer carries out for `update`, reporting back with messages.
public enum Effect: Equatable, Sendable {
    case quit
    /// Run a background projection over the codes, reporting `.projection` messages.
    case startProjection(ProjectionMethod)
    case cancelProjection(ProjectionMethod)
    /// Heavy work off the UI loop (`Explorer.perform` does it), reporting `.workDone`.
    case work(WorkOrder)
    /// Write `contents` atomically to a new file of that kind, then send `written` or `writeFailed`.
    case write(WrittenFile, contents: String)
    /// Repaint the whole screen (Ctrl-L, or after a resize).
    case redrawAll
}
