import Explorer
import Foundation

/// Messages posted by background work (projections, decodes, exports) for the run loop to pick up.
final class MessageQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [Message] = []

    func post(_ message: Message) {
        condition.lock()
        pending.append(message)
        condition.signal()
        condition.unlock()
    }

    /// Everything posted since the last call, in order.
    func drain() -> [Message] {
        condition.lock()
        defer { condition.unlock() }
        let out = pending
        pending = []
        return out
    }

    /// Waits until a message is pending or `deadline` passes.
    func wait(until deadline: Date) {
        condition.lock()
        while pending.isEmpty && Date() < deadline {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }
}
