import Explorer
import Foundation

/// Messages posted by background work (t-SNE, exports) for the run loop to pick up.
final class MessageQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Message] = []

    func post(_ message: Message) {
        lock.lock()
        pending.append(message)
        lock.unlock()
    }

    /// Everything posted since the last call, in order.
    func drain() -> [Message] {
        lock.lock()
        defer { lock.unlock() }
        let out = pending
        pending = []
        return out
    }
}

/// A flag set from another thread (a signal handler's queue, a cancel request) and read by the loop.
final class AtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.lock(); value = true; lock.unlock() }
    func reset() { lock.lock(); value = false; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
