import CNcurses
import Explorer
import Foundation
import Render

/// Runs the explorer in the terminal: the loop that turns keys, mouse clicks, resizes and background results
/// into messages, feeds them to `Explorer.update`, carries out the effects and draws `Explorer.view`.
public final class TerminalApp {
    /// How long a quit waits for a background job to stop before leaving without it.
    static let jobStopDeadline: TimeInterval = 0.1

    private let explorer: Explorer
    private let backend: CursesBackend
    private let writer: ScreenWriter
    private let queue = MessageQueue()
    private let signals = SignalWatcher()
    private var decoder = InputDecoder()
    private var job: BackgroundJob?

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
        var running = perform(explorer.startupEffects(requested: session?.projectionKind ?? projection), &state)
        writer.draw(explorer.view(state))

        while running && signals.received == nil {
            var messages = readMessages(state)
            if messages.contains(where: { if case .key(.control("z")) = $0 { return true } else { return false } }) {
                suspend()
                messages.removeAll { if case .key(.control("z")) = $0 { return true } else { return false } }
            }
            messages += queue.drain()
            guard !messages.isEmpty else { continue }
            for message in messages where running {
                let effects = explorer.update(&state, message)
                running = perform(effects, &state)
            }
            if running && signals.received == nil { writer.draw(explorer.view(state)) }
        }
        return shutDown(status: signals.received.map { 128 + $0 } ?? 0)
    }

    /// Stops the background job (waiting a little for it), restores the terminal, and returns the status.
    ///
    /// A job inside one long step (a kernel call) may not see the cancel before the deadline; the process then
    /// ends at once with `_exit`, since running the exit handlers would tear down libraries under that thread.
    private func shutDown(status: Int32) -> Int32 {
        job?.cancel()
        let stopped = job?.wait(upTo: Self.jobStopDeadline) ?? true
        backend.stop()
        if !stopped { _exit(status) }
        return status
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
            case .startTSNE:
                startTSNE()
            case .cancelTSNE:
                job?.cancel()
            case .export(let path, let contents):
                write(contents, to: path, then: .exported(path: path))
            case .saveSession(let path, let contents):
                write(contents, to: path, then: .sessionSaved(path: path))
            }
        }
        return true
    }

    /// Writes a file atomically (temporary file, then rename) and reports the outcome as a message.
    private func write(_ contents: String, to path: String, then success: Message) {
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            queue.post(success)
        } catch {
            queue.post(.exportFailed("\(path): \(error.localizedDescription)"))
        }
    }

    private func startTSNE() {
        guard job?.isFinished ?? true else { return }
        guard let tsne = explorer.context.tsneJob else {
            queue.post(.tsneFailed("t-SNE is not available for this data"))
            return
        }
        let queue = self.queue
        job = BackgroundJob { isCancelled in
            do {
                let final = try tsne({ report in
                    if report.searchingNeighbors {
                        queue.post(.tsneNeighbors(done: report.iteration, total: report.total))
                    } else {
                        queue.post(.tsneProgress(iteration: report.iteration, total: report.total, kl: report.kl,
                                                 coordinates: report.coordinates))
                    }
                    return !isCancelled()
                }, isCancelled)
                if let final {
                    queue.post(.tsneFinished(coordinates: final.coordinates, kl: final.kl))
                } else {
                    queue.post(.tsneCancelled)
                }
            } catch {
                queue.post(.tsneFailed("\(error)"))
            }
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
