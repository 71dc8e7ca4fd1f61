/// What a background projection reports while it runs: its neighbour search, then frames of the embedding.
public enum ProjectionReport: Sendable {
    case neighbors(done: Int, total: Int)
    /// Another preparation step before the frames (UMAP's spectral start), by name.
    case preparing(String, done: Int, total: Int)
    case frame(iteration: Int, total: Int, kl: Double?, coordinates: [Float])
}

/// A background projection over the codes: the terminal layer runs it on its own thread and turns its reports
/// into `.projection` messages.
public struct ProjectionJob: Sendable {
    /// The final embedding (N × 2) and its KL divergence if it has one.
    public struct Result: Sendable {
        public var coordinates: [Float]
        public var kl: Double?
        public init(coordinates: [Float], kl: Double?) {
            self.coordinates = coordinates
            self.kl = kl
        }
    }

    public let method: ProjectionMethod
    /// What the title says about how it runs (a fit on a sample), if anything.
    public let note: String?
    /// Runs the projection, calling `report` along the way (return false to stop) and asking `shouldStop` between
    /// small steps; nil when stopped. Stores the result in the cache.
    public let run: @Sendable (_ report: (ProjectionReport) -> Bool, _ shouldStop: () -> Bool) throws -> Result?

    public init(method: ProjectionMethod, note: String? = nil,
                run: @escaping @Sendable (_ report: (ProjectionReport) -> Bool, _ shouldStop: () -> Bool) throws -> Result?) {
        self.method = method
        self.note = note
        self.run = run
    }

    /// Runs the job to the end, turning its reports into messages for `post` (the terminal layer and the
    /// benchmarks drive it the same way).
    public func execute(post: (Message) -> Void, isCancelled: () -> Bool) {
        do {
            let result = try run({ report in
                switch report {
                case .neighbors(let done, let total):
                    post(.projection(method, .neighbors(done: done, total: total)))
                case .preparing(let step, let done, let total):
                    post(.projection(method, .preparing(step, done: done, total: total)))
                case .frame(let iteration, let total, let kl, let coordinates):
                    post(.projection(method, .progress(iteration: iteration, total: total, kl: kl, coordinates: coordinates)))
                }
                return !isCancelled()
            }, isCancelled)
            if let result {
                post(.projection(method, .finished(coordinates: result.coordinates, kl: result.kl)))
            } else {
                post(.projection(method, .cancelled))
            }
        } catch {
            post(.projection(method, .failed("\(error)")))
        }
    }
}
