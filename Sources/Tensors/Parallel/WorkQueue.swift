import Dispatch
import Foundation

/// Items 0..<count handed out one at a time to a fixed number of workers, so a worker that gets less CPU time
/// (a busy machine) simply takes fewer items.
public final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    let count: Int

    init(count: Int) { self.count = count }

    /// The next item, or nil when all are taken.
    public func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    /// Runs `worker(queue)` on `workers` threads (on this thread alone when there is one worker or one item); each
    /// call takes items until none are left.
    public static func run(count: Int, workers: Int, _ worker: @Sendable (WorkQueue) -> Void) {
        let queue = WorkQueue(count: count)
        let threads = max(1, min(workers, count))
        if threads == 1 { worker(queue); return }
        DispatchQueue.concurrentPerform(iterations: threads) { _ in worker(queue) }
    }
}
