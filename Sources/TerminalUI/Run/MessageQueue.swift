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
