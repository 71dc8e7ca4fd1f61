// MARK: - SixelBodyWriter

/// Writes the sixel data of an image whose pixels are register numbers: six-row bands separated by `-`,
/// each band as runs of one colour placed left to right on as few passes (`$`) as possible.
///
/// Within a band every colour's columns split into segments (maximal runs of columns where that colour has
/// a pixel). Each pass starts at column 0 and takes, in order of their first column, every remaining segment
/// that starts at or after the current column, skipping the gap with `?` (which paints nothing) and
/// selecting the segment's colour only when it changes, so neighbouring colours in a row of the image chain on
/// one pass. Repeats of four or more sixels are run-length encoded (`!n`).
struct SixelBodyWriter {
    let width: Int
    let height: Int
    let colorCount: Int

    /// Per colour and column: the sixel bits of the current band.
    private var patterns: [UInt8]
    private var minX: [Int]
    private var maxX: [Int]
    private var used: [Int] = []
    private var segments: [Segment] = []
    private var order: [Int] = []
    private var remaining: [Int] = []
    private var currentColor = -1

    struct Segment {
        var color: Int
        var start: Int
        var end: Int  // inclusive
    }

    init(width: Int, height: Int, colorCount: Int) {
        self.width = width
        self.height = height
        self.colorCount = colorCount
        patterns = [UInt8](repeating: 0, count: max(1, colorCount) * width)
        minX = [Int](repeating: Int.max, count: max(1, colorCount))
        maxX = [Int](repeating: -1, count: max(1, colorCount))
    }

    /// Appends the body for `indices` (row-major register numbers) to `out`.
    mutating func write(_ indices: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var y0 = 0
        while y0 < height {
            if y0 > 0 { out.append(UInt8(ascii: "-")) }
            collectBand(indices, y0: y0)
            writeBand(into: &out)
            y0 += 6
        }
    }

    // MARK: - One band

    /// Sets the bits of rows y0..<y0+6 and notes which colours occur and where.
    private mutating func collectBand(_ indices: UnsafeBufferPointer<UInt8>, y0: Int) {
        let rows = min(6, height - y0)
        let w = width
        patterns.withUnsafeMutableBufferPointer { pat in
            minX.withUnsafeMutableBufferPointer { lo in
                maxX.withUnsafeMutableBufferPointer { hi in
                    for r in 0..<rows {
                        let bit = UInt8(1 << r)
                        let row = (y0 + r) * w
                        var x = 0
                        while x < w {
                            let c = Int(indices[row + x])
                            // A run of one colour updates the bounds once.
                            var e = x + 1
                            while e < w && Int(indices[row + e]) == c { e += 1 }
                            let base = c * w
                            for k in x..<e { pat[base + k] |= bit }
                            if hi[c] < 0 { used.append(c) }
                            if x < lo[c] { lo[c] = x }
                            if e - 1 > hi[c] { hi[c] = e - 1 }
                            x = e
                        }
                    }
                }
            }
        }
    }

    /// Writes the band's segments in passes and clears the band's state.
    private mutating func writeBand(into out: inout [UInt8]) {
        segments.removeAll(keepingCapacity: true)
        let w = width
        patterns.withUnsafeBufferPointer { pat in
            for c in used {
                let base = c * w
                var x = minX[c]
                let last = maxX[c]
                while x <= last {
                    while x <= last && pat[base + x] == 0 { x += 1 }
                    if x > last { break }
                    let start = x
                    while x <= last && pat[base + x] != 0 { x += 1 }
                    segments.append(Segment(color: c, start: start, end: x - 1))
                }
            }
        }
        // Order by first column (then colour, for a deterministic output).
        order.removeAll(keepingCapacity: true)
        for (k, s) in segments.enumerated() { order.append(s.start << 40 | s.color << 24 | k) }
        order.sort()
        remaining.removeAll(keepingCapacity: true)
        for key in order { remaining.append(key & 0xFF_FFFF) }
        var firstPass = true
        while !remaining.isEmpty {
            if !firstPass { out.append(UInt8(ascii: "$")) }
            firstPass = false
            var x = 0
            var kept = 0
            for k in remaining {
                let s = segments[k]
                if s.start < x {
                    remaining[kept] = k
                    kept += 1
                    continue
                }
                Self.appendRun(of: 63, count: s.start - x, into: &out)
                if s.color != currentColor {
                    out.append(UInt8(ascii: "#"))
                    Self.appendDecimal(s.color, into: &out)
                    currentColor = s.color
                }
                appendSixels(color: s.color, from: s.start, through: s.end, into: &out)
                x = s.end + 1
            }
            remaining.removeLast(remaining.count - kept)
        }
        // Clear only what this band touched.
        for c in used {
            let base = c * w
            for x in minX[c]...maxX[c] { patterns[base + x] = 0 }
            minX[c] = Int.max
            maxX[c] = -1
        }
        used.removeAll(keepingCapacity: true)
    }

    /// The sixel characters of one colour over columns `start...end`, run-length encoded.
    private func appendSixels(color: Int, from start: Int, through end: Int, into out: inout [UInt8]) {
        patterns.withUnsafeBufferPointer { pat in
            let base = color * width
            var x = start
            while x <= end {
                let p = pat[base + x]
                var e = x + 1
                while e <= end && pat[base + e] == p { e += 1 }
                Self.appendRun(of: 63 + p, count: e - x, into: &out)
                x = e
            }
        }
    }

    // MARK: - Bytes

    /// `count` copies of `byte`, as `!count` + byte when that is shorter.
    static func appendRun(of byte: UInt8, count: Int, into out: inout [UInt8]) {
        if count <= 0 { return }
        if count <= 3 {
            for _ in 0..<count { out.append(byte) }
        } else {
            out.append(UInt8(ascii: "!"))
            appendDecimal(count, into: &out)
            out.append(byte)
        }
    }

    /// The decimal digits of `value` ≥ 0.
    static func appendDecimal(_ value: Int, into out: inout [UInt8]) {
        if value < 10 { out.append(48 + UInt8(value)); return }
        if value < 100 { out.append(48 + UInt8(value / 10)); out.append(48 + UInt8(value % 10)); return }
        var digits: [UInt8] = []
        var v = value
        while v > 0 { digits.append(48 + UInt8(v % 10)); v /= 10 }
        out.append(contentsOf: digits.reversed())
    }
}
