import CNcurses
import Foundation

/// Turns SIGTERM, SIGINT and SIGHUP into a number the run loop reads (it then shuts down and restores the
/// terminal), and restores the terminal before a fatal signal ends the process.
final class SignalWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var signalNumber: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// The first ending signal received, if any.
    var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signalNumber
    }

    func install() {
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.record(sig) }
            source.resume()
            sources.append(source)
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(sig) { received in
                latent_emergency_restore()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    private func record(_ sig: Int32) {
        lock.lock()
        if signalNumber == nil { signalNumber = sig }
        lock.unlock()
    }
}
