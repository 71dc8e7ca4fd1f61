import Foundation

/// Work running on its own thread that can be asked to stop and waited for with a deadline.
///
/// The work polls `isCancelled` (between neighbour-search blocks, after every t-SNE iteration); `cancel()`
/// sets it, and `wait(upTo:)` says whether the thread has finished by then.
final class BackgroundJob: @unchecked Sendable {
    private let cancelled = AtomicFlag()
    private let done = DispatchSemaphore(value: 0)
    private let finishedFlag = AtomicFlag()
    private var thread: Thread?

    /// Starts `work` on a new thread with a large stack (the numerics recurse in trees).
    init(_ work: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) -> Void) {
        let cancelled = self.cancelled, done = self.done, finished = self.finishedFlag
        let thread = Thread {
            work { cancelled.isSet }
            finished.set()
            done.signal()
        }
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    var isFinished: Bool { finishedFlag.isSet }

    func cancel() { cancelled.set() }

    /// Waits until the job has finished or `seconds` have passed; true when it has finished.
    func wait(upTo seconds: TimeInterval) -> Bool {
        if finishedFlag.isSet { return true }
        guard done.wait(timeout: .now() + seconds) == .success else { return false }
        done.signal()  // later waits return at once
        return true
    }
}
