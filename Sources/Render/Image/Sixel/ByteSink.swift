// MARK: - ByteSink

/// A growable byte buffer for the sixel writer's hot loops: appends without the copy-on-write check an array
/// makes on every mutation (which cost the writer about a tenth of its time on noisy images). Its fields skip
/// the run-time exclusivity check a class's stored properties otherwise get on every access (as costly again):
/// a sink is only ever used by one writer on one thread.
final class ByteSink {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Forgets the contents, keeping the storage.
    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Appends `length` bytes starting at `start`.
    func append(_ start: UnsafePointer<UInt8>, length: Int) {
        guard length > 0 else { return }
        if count + length > capacity { grow(to: count + length) }
        (base + count).update(from: start, count: length)
        count += length
    }

    /// Appends the whole of `other`.
    func append(_ other: ByteSink) {
        append(other.base, length: other.count)
    }

    /// `count` copies of `byte`, as `!count` + byte when that is shorter.
    @inline(__always)
    func appendRun(of byte: UInt8, count n: Int) {
        if n <= 0 { return }
        if n <= 3 {
            for _ in 0..<n { append(byte) }
        } else {
            append(UInt8(ascii: "!"))
            appendDecimal(n)
            append(byte)
        }
    }

    /// The decimal digits of `value` ≥ 0.
    @inline(__always)
    func appendDecimal(_ value: Int) {
        if value < 10 { append(48 + UInt8(value)); return }
        if value < 100 { append(48 + UInt8(value / 10)); append(48 + UInt8(value % 10)); return }
        var divisor = 100
        while divisor * 10 <= value { divisor *= 10 }
        var v = value
        while divisor > 0 {
            append(48 + UInt8(v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    /// The contents as an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    private func grow(to needed: Int) {
        var next = capacity * 2
        while next < needed { next *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: next)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = next
    }
}
