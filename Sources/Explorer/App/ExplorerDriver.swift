/// Runs the explorer without a terminal: messages in, effects carried out at once on the calling thread (work
/// performed and its result sent back, background projections run to the end), the screen as a `Frame`.
///
/// The tests drive every mode with it, and `latent bench` times keys to frames with it.
public struct ExplorerDriver {
    public let explorer: Explorer
    public var state: AppState
    /// Effects the driver does not carry out itself (quit, writes, redraws), in order.
    public private(set) var effects: [Effect] = []
    /// How many pieces of work were performed, by kind of work.
    public private(set) var decodes = 0
    public private(set) var workPerformed = 0
    /// Whether `.startProjection` runs the job (to the end) or is only recorded.
    public var runsProjections: Bool

    public init(explorer: Explorer, width: Int, height: Int, projection: ProjectionKind? = nil,
                runsProjections: Bool = true) {
        self.explorer = explorer
        self.runsProjections = runsProjections
        state = explorer.initialState(width: width, height: height, projection: projection)
        let startup = explorer.startupEffects(&state, requested: projection)
        carryOut(startup)
    }

    /// Starts from a restored session.
    public init(explorer: Explorer, session: Session, width: Int, height: Int) {
        self.explorer = explorer
        self.runsProjections = true
        state = explorer.restore(session, width: width, height: height)
        carryOut(explorer.startupEffects(&state, requested: session.projectionKind))
    }

    /// Sends a message and carries out what follows from it.
    public mutating func send(_ message: Message) {
        carryOut(explorer.update(&state, message))
    }

    /// Sends keys.
    public mutating func send(_ keys: [Key]) {
        for key in keys { send(.key(key)) }
    }

    /// Sends each character as a key.
    public mutating func type(_ characters: String) {
        send(characters.map { Key.character($0) })
    }

    /// The screen for the current state.
    public var frame: Frame { explorer.view(state) }

    /// Forgets the recorded effects.
    public mutating func clearEffects() { effects = [] }

    private mutating func carryOut(_ first: [Effect]) {
        var queue = first
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .work(let order):
                workPerformed += 1
                if case .decode = order.work { decodes += 1 }
                queue += explorer.update(&state, .workDone(order.work, explorer.perform(order)))
            case .startProjection(let method) where runsProjections:
                guard let job = explorer.context.jobs[method] else {
                    queue += explorer.update(&state, .projection(method, .failed("not available")))
                    continue
                }
                var messages: [Message] = []
                job.execute(post: { messages.append($0) }, isCancelled: { false })
                for m in messages { queue += explorer.update(&state, m) }
            default:
                effects.append(effect)
            }
        }
    }
}
