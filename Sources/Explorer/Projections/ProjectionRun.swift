/// A background projection's run: where it is, and the coordinates it has so far.
public struct ProjectionRun: Equatable, Sendable {
    public enum Phase: Equatable, Sendable {
        /// Finding nearest neighbours before the first iteration.
        case searching(done: Int, total: Int)
        /// Another step before the first frame, by name.
        case preparing(String, done: Int, total: Int)
        case iterating(iteration: Int, total: Int)
        case finished
        case failed(String)
    }

    public var phase: Phase
    /// The latest embedding (N × 2): an animation frame while running, the result once finished.
    public var coordinates: [Float]?
    public var kl: Double?
    /// Counts the embeddings received, so placements into an older frame are told apart.
    public var version = 0
    /// The projection shown before the run was started, to return to if it is cancelled or fails.
    public var returnTo: ProjectionKind?
    /// How it runs, for the title (a fit on a sample).
    public var note: String?

    public init(phase: Phase, coordinates: [Float]? = nil, kl: Double? = nil, returnTo: ProjectionKind? = nil) {
        self.phase = phase
        self.coordinates = coordinates
        self.kl = kl
        self.returnTo = returnTo
    }

    public var isRunning: Bool {
        switch phase {
        case .searching, .preparing, .iterating: return true
        case .finished, .failed: return false
        }
    }

    /// Where the run of `method` is, for the title line.
    public func stepText(_ method: ProjectionMethod) -> String {
        switch phase {
        case .searching(let done, let total): return total == 0 ? "starting" : "nearest neighbours \(done)/\(total)"
        case .preparing(let step, let done, let total): return "\(step) \(done)/\(total)"
        case .iterating(let iteration, let total): return "\(method.stepName) \(iteration)/\(total)"
        case .finished: return "done"
        case .failed(let reason): return "failed: \(reason)"
        }
    }
}
