import Foundation
import Tensors

/// The decoder output's last step: the manifest's activation applied in place, with the check that every raw
/// value is finite, in one pass split over the cores for large batches.
enum OutputActivation {
    /// Values per chunk below which the work stays on the calling thread.
    static let chunkSize = 1 << 16

    /// Applies `activation` to `values` in place.
    ///
    /// - Returns: the index of the first raw value that is NaN or infinite (the values are then not all
    ///   activated), or nil when all are finite.
    static func apply(_ activation: ModelBundle.Activation, to values: inout [Float]) -> Int? {
        let count = values.count, threads = ProcessInfo.processInfo.activeProcessorCount
        let chunks = Parallel.chunkCount(count: count, threads: threads, minimumChunk: chunkSize)
        var firstBad = [Int](repeating: Int.max, count: chunks)
        values.withUnsafeMutableBufferPointer { v in
            firstBad.withUnsafeMutableBufferPointer { bad in
                // Each chunk writes only its own range of `v` and its own slot of `bad`.
                nonisolated(unsafe) let (v, bad) = (v, bad)
                Parallel.forEachChunk(count: count, threads: threads, minimumChunk: chunkSize) { c, range in
                    bad[c] = process(v, range, sigmoid: activation == .sigmoid) ?? Int.max
                }
            }
        }
        let first = firstBad.min() ?? Int.max
        return first == Int.max ? nil : first
    }

    /// One chunk: the first non-finite index, and the sigmoid of each value when asked.
    @inline(__always)
    private static func process(_ v: UnsafeMutableBufferPointer<Float>, _ range: Range<Int>, sigmoid: Bool) -> Int? {
        for i in range where !v[i].isFinite { return i }
        guard sigmoid else { return nil }
        for i in range { v[i] = 1 / (1 + Foundation.exp(-v[i])) }
        return nil
    }
}
