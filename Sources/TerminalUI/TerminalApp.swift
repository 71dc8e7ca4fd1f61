import CNcurses
import Explorer
import Foundation
import Render

/// Runs the explorer in the terminal: the loop that turns keys, mouse clicks, resizes and background results
/// into messages, feeds them to `Explorer.update`, carries out the effects and draws `Explorer.view`.
public final class TerminalApp {
    private let explorer: Explorer
    private let screen: CursesScreen
    private let queue = MessageQueue()
    private let cancelTSNE = AtomicFlag()
    private let terminate = AtomicFlag()
    private var signalSources: [DispatchSourceSignal] = []
    private var tsneThread: Thread?

    /// - Parameter sixelWrapper: wraps sixel bytes for the terminal (tmux passthrough), nil to send them as is.
    public init(explorer: Explorer, sixelWrapper: (([UInt8]) -> [UInt8])? = nil) {
        self.explorer = explorer
        self.screen = CursesScreen(colors: explorer.context.display.colors, sixelWrapper: sixelWrapper)
    }

    /// Runs until the user quits or a signal asks to stop; always restores the terminal.
    public func run(projection: ProjectionKind?, session: Session? = nil) {
        installSignalHandlers()
        screen.start()
        defer {
            cancelTSNE.set()
            screen.stop()
        }
        let size = screen.size
        var state = session.map { explorer.restore($0, width: size.width, height: size.height) }
            ?? explorer.initialState(width: size.width, height: size.height, projection: projection)
        var running = perform(explorer.startupEffects(requested: session?.projectionKind ?? projection), &state)
        screen.draw(explorer.view(state))

        while running && !terminate.isSet {
            var messages: [Message] = []
            if let input = readInput() {
                if case .key(.control("z")) = input {
                    suspend()
                    continue
                }
                messages.append(input)
            }
            messages += queue.drain()
            guard !messages.isEmpty else { continue }
            for message in messages where running {
                let effects = explorer.update(&state, message)
                running = perform(effects, &state)
            }
            if running { screen.draw(explorer.view(state)) }
        }
    }

    // MARK: - Input

    /// One input event, or nil when none arrived within the poll interval.
    private func readInput() -> Message? {
        var wide: wint_t = 0
        let result = get_wch(&wide)
        if result == OK {
            return KeyDecoder.character(UInt32(wide)).map { .key($0) }
        }
        guard result == KEY_CODE_YES else { return nil }
        let code = Int32(wide)
        if code == latent_key_resize() {
            let size = screen.size
            return .resize(width: size.width, height: size.height)
        }
        if code == latent_key_mouse() {
            var event = MEVENT()
            guard getmouse(&event) == OK, latent_mouse_is_press(event.bstate) != 0 else { return nil }
            return .click(column: Int(event.x), row: Int(event.y))
        }
        return KeyDecoder.functionKey(code).map { .key($0) }
    }

    // MARK: - Effects

    /// Carries out effects; returns false when the app should quit.
    private func perform(_ effects: [Effect], _ state: inout AppState) -> Bool {
        for effect in effects {
            switch effect {
            case .quit:
                return false
            case .redrawAll:
                screen.invalidate()
            case .startTSNE:
                startTSNE()
            case .cancelTSNE:
                cancelTSNE.set()
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
        guard tsneThread == nil || tsneThread?.isFinished == true else { return }
        guard let job = explorer.context.tsneJob else {
            queue.post(.tsneFailed("t-SNE is not available for this data"))
            return
        }
        cancelTSNE.reset()
        let queue = self.queue, cancel = self.cancelTSNE
        let thread = Thread {
            do {
                let final = try job({ report in
                    if report.searchingNeighbors {
                        queue.post(.tsneNeighbors(done: report.iteration, total: report.total))
                    } else {
                        queue.post(.tsneProgress(iteration: report.iteration, total: report.total, kl: report.kl,
                                                 coordinates: report.coordinates))
                    }
                    return !cancel.isSet
                }, { cancel.isSet })
                if let final {
                    queue.post(.tsneFinished(coordinates: final.coordinates, kl: final.kl))
                } else {
                    queue.post(.tsneCancelled)
                }
            } catch {
                queue.post(.tsneFailed("\(error)"))
            }
        }
        thread.stackSize = 8 << 20
        tsneThread = thread
        thread.start()
    }

    // MARK: - Signals and suspension

    /// SIGTERM, SIGINT and SIGHUP end the loop (which restores the terminal); fatal signals restore it first.
    private func installSignalHandlers() {
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            let flag = terminate
            source.setEventHandler { flag.set() }
            source.resume()
            signalSources.append(source)
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(sig) { received in
                latent_emergency_restore()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Ctrl-Z: restore the terminal, stop, and take the screen back when continued.
    private func suspend() {
        screen.stop()
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        // Continued (fg).
        screen.start()
        screen.invalidate()
        let size = screen.size
        queue.post(.resize(width: size.width, height: size.height))
    }
}
