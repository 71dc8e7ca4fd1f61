import COpenBLAS
import Foundation

/// OpenBLAS's thread count, which is one setting for the whole process.
///
/// Small products run with OpenBLAS on one thread: handing a product of a few microseconds to OpenBLAS's workers
/// costs more than it saves, and the workers then spin in `sched_yield` for a while after each call, taking the
/// second core from whatever runs next (a single 224×224 decode spent ~40 % of its CPU time there). The count the
/// caller configured is kept here, so that a small product returns to it rather than to whatever another thread
/// had set at that moment; a big product that overlaps a small one on another thread may run on one thread
/// (slower, never wrong).
enum BLASThreads {
    nonisolated(unsafe) private static var configuredCount = Int(latent_openblas_get_threads())
    private static let lock = NSLock()

    /// The count set by `Linalg.setThreads` (OpenBLAS's own default before that).
    static var configured: Int { lock.withLock { configuredCount } }

    /// OpenBLAS's own setting right now.
    static var current: Int { Int(latent_openblas_get_threads()) }

    static func configure(_ count: Int) {
        lock.withLock {
            configuredCount = count
            latent_openblas_set_threads(Int32(count))
        }
    }

    /// Runs `body` with OpenBLAS on one thread, then hands OpenBLAS back the configured count.
    static func single<R>(_ body: () throws -> R) rethrows -> R {
        let count = configured
        if count <= 1 { return try body() }
        latent_openblas_set_threads(1)
        defer { latent_openblas_set_threads(Int32(configured)) }
        return try body()
    }
}

extension Linalg {
    /// Runs `body` with OpenBLAS on one thread: for work that runs its own products side by side on several threads
    /// (OpenBLAS's threads inside each would only contend for the same cores).
    public static func singleThreaded<R>(_ body: () throws -> R) rethrows -> R { try BLASThreads.single(body) }
}
