import CNcurses
import Explorer
import Foundation
import Render

/// Runs the explorer in the terminal: the loop that turns keys, mouse clicks, resizes and background results
/// into messages, feeds them to `Explorer.update`, carries out the effects and draws `Explorer.view`.
public final class TerminalApp {
    /// How long a quit waits for a background job to stop before leaving without it.
    static let jobStopDeadline: TimeInterval = 0.05
    /// How long a frame waits for quick work it asked for (a decode takes well under a millisecond for the
    /// shipped models): drawing at once would show "decoding…" for a frame and repaint the image rows twice.
    static let quickWorkWait: TimeInterval = 0.03

    private let explorer: Explorer
    private let backend: CursesBackend
    private let writer: ScreenWriter
    private let queue = MessageQueue()
    private let signals = SignalWatcher()
    private var decoder = InputDecoder()
    /// The running background projections.
    private var jobs: [ProjectionMethod: BackgroundJob] = [:]
    /// Heavy work of `Effect.work`: quick work (decodes, lookups) in order, long work (outlier scores) beside it.
    private let quickWork = DispatchQueue(label: "latent.work.quick", qos: .userInitiated)
    private let longWork = DispatchQueue(label: "latent.work.long", qos: .utility)
    /// Quick work asked for and not back yet.
    private let quickWorkOutstanding = Counter()

    /// - Parameter sixelWrapper: wraps sixel bytes for the terminal (tmux passthrough), nil to send them as is.
    public init(explorer: Explorer, sixelWrapper: (([UInt8]) -> [UInt8])? = nil) {
        self.explorer = explorer
        self.backend = CursesBackend(colors: explorer.context.display.colors)
        self.writer = ScreenWriter(backend: backend, imageWrapper: sixelWrapper)
    }

    /// Runs until the user quits or a signal asks to stop; always restores the terminal.
    ///
    /// - Returns: the exit status: 0 after `q`, 128 + the signal's number after SIGINT, SIGTERM or SIGHUP.
    public func run(projection: ProjectionKind?, session: Session? = nil) -> Int32 {
        signals.install()
        backend.start()
        let size = backend.size
        var state = session.map { explorer.restore($0, width: size.width, height: size.height) }
            ?? explorer.initialState(width: size.width, height: size.height, projection: projection)
        var running = perform(explorer.startupEffects(&state, requested: session?.projectionKind ?? projection), &state)
        running = running && awaitQuickWork(&state)
        writer.draw(explorer.view(state))

        while running && signals.received == nil {
            var messages = readMessages(state)
            let isSuspend: (Message) -> Bool = { if case .key(.control("z")) = $0 { return true } else { return false } }
            if messages.contains(where: isSuspend) {
                suspend()
                messages.removeAll(where: isSuspend)
            }
            messages += queue.drain()
            guard !messages.isEmpty else { continue }
            for message in messages where running {
                let effects = explorer.update(&state, message)
                running = perform(effects, &state)
            }
            running = running && awaitQuickWork(&state)
            if running && signals.received == nil { writer.draw(explorer.view(state)) }
        }
        return shutDown(status: signals.received.map { 128 + $0 } ?? 0)
    }

    /// Stops the background job (waiting a little for it), restores the terminal, and returns the status.
    ///
    /// A job inside one long step (a kernel call) may not see the cancel before the deadline; the process then
    /// ends at once with `_exit`, since running the exit handlers would tear down libraries under that thread.
    private func shutDown(status: Int32) -> Int32 {
        for job in jobs.values { job.cancel() }
        let deadline = Date().addingTimeInterval(Self.jobStopDeadline)
        let stopped = jobs.values.allSatisfy { $0.wait(upTo: max(0, deadline.timeIntervalSinceNow)) }
        backend.stop()
        // With a job started, leave at once: a job still inside one long step must not have libraries torn down
        // under it, and a stopped one leaves a large state (a million codes, their neighbours) not worth freeing.
        if !jobs.isEmpty || !stopped {
            fflush(nil)  // every output stream
            _exit(status)
        }
        return status
    }

    /// Takes in the results of quick work asked for, waiting for them up to `quickWorkWait`; false to quit.
    private func awaitQuickWork(_ state: inout AppState) -> Bool {
        let deadline = Date().addingTimeInterval(Self.quickWorkWait)
        while quickWorkOutstanding.value > 0 && Date() < deadline {
            queue.wait(until: deadline)
            for message in queue.drain() {
                guard perform(explorer.update(&state, message), &state) else { return false }
            }
        }
        return true
    }

    // MARK: - Input

    /// What arrived since the last look: keys (terminal replies among them recognised and kept out), clicks,
    /// a resize with the new cell size when it changed.
    private func readMessages(_ state: AppState) -> [Message] {
        var messages: [Message] = []
        let events = CursesInput.readBurst()
        for event in events {
            switch event {
            case .unit(let unit):
                for decoded in decoder.feed(unit) { messages += message(for: decoded) }
            case .resize:
                for decoded in decoder.feed(.other) { messages += message(for: decoded) }
                let size = backend.size
                messages.append(.resize(width: size.width, height: size.height))
                if let cell = DisplayProbe.cellSizeAfterResize() {
                    if cell != state.display.cellSize { messages.append(.cellSize(cell, source: .tiocgwinsz)) }
                } else if state.display.cellSizeSource == .csi16t || state.display.cellSizeSource == .csi14t {
                    // The answer comes back among the keys (see `message(for:)`).
                    FileHandle.standardOutput.write(Data(TerminalReplies.cellSizeQuery.utf8))
                }
            case .click(let column, let row):
                for decoded in decoder.feed(.other) { messages += message(for: decoded) }
                messages.append(.click(column: column, row: row))
            }
        }
        for decoded in decoder.endOfBurst() { messages += message(for: decoded) }
        return messages
    }

    private func message(for input: DecodedInput) -> [Message] {
        switch input {
        case .key(let key):
            return [.key(key)]
        case .reply(let bytes):
            if let cell = TerminalReplies.cellSize(in: bytes)?.value { return [.cellSize(cell, source: .csi16t)] }
            return []
        }
    }

    // MARK: - Effects

    /// Carries out effects; returns false when the app should quit.
    private func perform(_ effects: [Effect], _ state: inout AppState) -> Bool {
        for effect in effects {
            switch effect {
            case .quit:
                return false
            case .redrawAll:
                writer.invalidate()
            case .startProjection(let method):
                startProjection(method)
            case .cancelProjection(let method):
                jobs[method]?.cancel()
            case .work(let order):
                let explorer = self.explorer, queue = self.queue
                if order.work.isLong {
                    longWork.async { queue.post(.workDone(order.work, explorer.perform(order))) }
                } else {
                    let outstanding = quickWorkOutstanding
                    outstanding.add(1)
                    quickWork.async {
                        queue.post(.workDone(order.work, explorer.perform(order)))
                        outstanding.add(-1)
                    }
                }
            case .write(let file, let contents):
                write(contents, file: file)
            }
        }
        return true
    }

    /// Writes a file atomically (temporary file, then rename), named from the clock, and reports the outcome.
    private func write(_ contents: String, file: WrittenFile) {
        let stamp = Int(Date().timeIntervalSince1970)
        let path: String
        switch file {
        case .coordinates(let tag): path = "latent-\(tag)-\(stamp).csv"
        case .session: path = "latent-session-\(stamp).json"
        }
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            queue.post(.written(file, path: path))
        } catch {
            queue.post(.writeFailed("\(path): \(error.localizedDescription)"))
        }
    }

    private func startProjection(_ method: ProjectionMethod) {
        guard jobs[method]?.isFinished ?? true else { return }
        guard let projection = explorer.context.jobs[method] else {
            queue.post(.projection(method, .failed("\(method.title) is not available for this data")))
            return
        }
        let queue = self.queue
        jobs[method] = BackgroundJob { isCancelled in
            projection.execute(post: { queue.post($0) }, isCancelled: isCancelled)
        }
    }

    // MARK: - Suspension

    /// Ctrl-Z: restore the terminal, stop, and take the screen back when continued.
    private func suspend() {
        backend.stop()
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        // Continued (fg).
        backend.start()
        writer.invalidate()
        let size = backend.size
        queue.post(.resize(width: size.width, height: size.height))
    }
}
