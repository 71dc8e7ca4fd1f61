import Render

/// Everything that can happen to the explorer: input from the user and results of long work.
public enum Message: Sendable {
    case key(Key)
    /// A mouse click at a screen cell.
    case click(column: Int, row: Int)
    case resize(width: Int, height: Int)
    /// The terminal's cell size in pixels changed (a new font size), as found from `source`.
    case cellSize(PixelSize, source: CellSizeSource)
    /// A t-SNE run reports its current embedding (N × 2, row-major).
    case tsneProgress(iteration: Int, total: Int, kl: Double?, coordinates: [Float])
    /// A t-SNE run's nearest-neighbour search (before the first iteration) has done `done` of `total` points.
    case tsneNeighbors(done: Int, total: Int)
    case tsneFinished(coordinates: [Float], kl: Double?)
    case tsneCancelled
    case tsneFailed(String)
    /// The outcome of an `Effect.export`.
    case exported(path: String)
    case exportFailed(String)
    /// The outcome of an `Effect.saveSession`.
    case sessionSaved(path: String)
}

/// Work the terminal layer carries out for `update`, reporting back with messages.
public enum Effect: Equatable, Sendable {
    case quit
    /// Run t-SNE on the latent codes in the background, reporting `tsneProgress` every few iterations.
    case startTSNE
    case cancelTSNE
    /// Write `contents` atomically to `path`, then send `exported` or `exportFailed`.
    case export(path: String, contents: String)
    /// Write the session JSON atomically to `path`, then send `sessionSaved` or `exportFailed`.
    case saveSession(path: String, contents: String)
    /// Repaint the whole screen (Ctrl-L, or after a resize).
    case redrawAll
}
