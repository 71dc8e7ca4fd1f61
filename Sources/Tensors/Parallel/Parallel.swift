import Dispatch

/// Splits index ranges over worker threads (`WorkQueue` hands out items one at a time instead).
///
/// The split depends only on the range and the thread count, and every caller writes results to disjoint slots
/// that are reduced afterwards in a fixed order, so results do not depend on scheduling.
public enum Parallel {
    /// Calls `body` with contiguous, disjoint sub-ranges of `0..<count`, on up to `threads` threads.
    ///
    /// - Parameters:
    ///   - count: the number of items.
    ///   - threads: the number of worker threads (1 runs inline on the calling thread).
    ///   - minimumChunk: ranges are not split below this many items.
    ///   - body: receives the chunk index and its range; must only write to slots that belong to its range.
    public static func forEachChunk(count: Int, threads: Int, minimumChunk: Int = 1,
                             _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = chunkCount(count: count, threads: threads, minimumChunk: minimumChunk)
        if chunks == 1 {
            body(0, 0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            // Each chunk writes only its own slots (the caller's contract), so sharing `body` is safe.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                body(c, range(chunk: c, of: chunks, count: count))
            }
        }
    }

    /// Calls `body` for every index of `0..<count`, with the work split into more chunks than threads so that
    /// uneven items balance out.
    public static func forEach(count: Int, threads: Int, grain: Int = 64, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, threads)
        if workers == 1 || count <= grain {
            for i in 0..<count { body(i) }
            return
        }
        let chunks = min((count + grain - 1) / grain, workers * 8)
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in range(chunk: c, of: chunks, count: count) { body(i) }
            }
        }
    }

    /// Calls `body` with contiguous ranges of about `grain` items (at most eight per thread), so that uneven work
    /// balances out across threads while each call can still keep scratch space for its whole range.
    public static func forEachRange(count: Int, threads: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, threads)
        let chunks = workers == 1 ? 1 : max(1, min((count + grain - 1) / max(grain, 1), workers * 8))
        if chunks == 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: chunks) { c in body(range(chunk: c, of: chunks, count: count)) }
        }
    }

    /// How many chunks `forEachChunk` uses.
    public static func chunkCount(count: Int, threads: Int, minimumChunk: Int = 1) -> Int {
        max(1, min(max(1, threads), count / max(1, minimumChunk)))
    }

    /// The `chunk`-th of `chunks` near-equal contiguous ranges of `0..<count`.
    public static func range(chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        let base = count / chunks, extra = count % chunks
        let start = chunk * base + min(chunk, extra)
        return start..<(start + base + (chunk < extra ? 1 : 0))
    }
}
