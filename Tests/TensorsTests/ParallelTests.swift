import XCTest
import Tensors

/// `Parallel`'s splits: contiguous ranges that cover every index once, chunk counts bounded by the threads and the
/// minimum chunk, and every index visited once when the work runs on several threads.
final class ParallelTests: XCTestCase {
    func testRangesCoverEveryIndexOnceInOrder() {
        for count in [0, 1, 7, 64, 1000] {
            for chunks in 1...9 where chunks <= max(count, 1) {
                var next = 0
                for c in 0..<chunks {
                    let r = Parallel.range(chunk: c, of: chunks, count: count)
                    XCTAssertEqual(r.lowerBound, next, "count \(count), chunk \(c) of \(chunks)")
                    XCTAssertLessThanOrEqual(r.count, count / chunks + 1)
                    XCTAssertGreaterThanOrEqual(r.count, count / chunks)
                    next = r.upperBound
                }
                XCTAssertEqual(next, count)
            }
        }
    }

    func testChunkCountFollowsThreadsAndMinimum() {
        XCTAssertEqual(Parallel.chunkCount(count: 100, threads: 4), 4)
        XCTAssertEqual(Parallel.chunkCount(count: 100, threads: 4, minimumChunk: 40), 2)
        XCTAssertEqual(Parallel.chunkCount(count: 10, threads: 4, minimumChunk: 64), 1)
        XCTAssertEqual(Parallel.chunkCount(count: 100, threads: 0), 1)
    }

    func testEveryIndexIsVisitedOnceOnSeveralThreads() {
        let count = 10_007
        var visits = [Int](repeating: 0, count: count)
        var chunkOf = [Int](repeating: -1, count: count)
        visits.withUnsafeMutableBufferPointer { v in
            chunkOf.withUnsafeMutableBufferPointer { owner in
                nonisolated(unsafe) let (v, owner) = (v, owner)
                Parallel.forEachChunk(count: count, threads: 3, minimumChunk: 100) { chunk, range in
                    for i in range { v[i] += 1; owner[i] = chunk }
                }
            }
        }
        XCTAssertEqual(visits, [Int](repeating: 1, count: count))
        XCTAssertEqual(Set(chunkOf), [0, 1, 2])
        var seen = [Int](repeating: 0, count: count)
        seen.withUnsafeMutableBufferPointer { s in
            nonisolated(unsafe) let s = s
            Parallel.forEach(count: count, threads: 3, grain: 50) { s[$0] += 1 }
        }
        XCTAssertEqual(seen, [Int](repeating: 1, count: count))
    }
}
