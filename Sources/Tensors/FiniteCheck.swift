/// Finding NaN and infinite values in large float buffers.
public enum FiniteCheck {
    /// The index of the first NaN or infinite value in `values`, or nil when all are finite, with the buffer split
    /// into `threads` contiguous parts scanned side by side (from 2^20 values on).
    public static func firstNonFinite(_ values: UnsafeBufferPointer<Float>, threads: Int) -> Int? {
        let minimum = 1 << 20
        let parts = Parallel.chunkCount(count: values.count, threads: threads, minimumChunk: minimum)
        guard parts > 1, let base = values.baseAddress else { return firstNonFinite(values) }
        let found = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
        defer { found.deallocate() }
        nonisolated(unsafe) let (slots, start) = (found, base)
        Parallel.forEachChunk(count: values.count, threads: threads, minimumChunk: minimum) { part, range in
            let slice = UnsafeBufferPointer(start: start + range.lowerBound, count: range.count)
            slots[part] = firstNonFinite(slice).map { range.lowerBound + $0 } ?? -1
        }
        return found.first { $0 >= 0 }
    }

    /// The index of the first NaN or infinite value in `values`, or nil when all are finite.
    ///
    /// `v - v` is 0 for a finite value and NaN otherwise, so summing it over eight lanes at a time checks a block
    /// without a branch per element (a plain `firstIndex(where:)` runs one compare and branch per element, and
    /// took as long as reading the file); only a block whose sum is not 0 is searched element by element.
    public static func firstNonFinite(_ values: UnsafeBufferPointer<Float>) -> Int? {
        guard let base = values.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let block = 1024
        var start = 0
        while start < values.count {
            let end = min(values.count, start + block)
            var acc = SIMD8<Float>()
            var i = start
            while i + 8 <= end {
                let v = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD8<Float>.self)
                acc += v - v
                i += 8
            }
            var tail: Float = 0
            while i < end { tail += base[i] - base[i]; i += 1 }
            if acc != SIMD8<Float>() || tail != 0 {
                for j in start..<end where !base[j].isFinite { return j }
            }
            start = end
        }
        return nil
    }
}
