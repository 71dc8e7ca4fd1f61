import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM turned into a flag that a long computation polls, so it can stop between steps,
/// clear its progress bar and exit without writing a partial result. A second signal exits at once (status 130),
/// for a step that does not poll.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var sources: [DispatchSourceSignal] = []

    /// Starts watching both signals (their default action, ending the process, is suspended meanwhile).
    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.raise() }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Whether a signal has come.
    var isRaised: Bool { lock.withLock { count > 0 } }

    private func raise() {
        let seen = lock.withLock { count += 1; return count }
        if seen > 1 {
            let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[2K" : ""
            FileHandle.standardError.write(Data("\(clear)latent: interrupted\n".utf8))
            Foundation.exit(130)
        }
    }
}
