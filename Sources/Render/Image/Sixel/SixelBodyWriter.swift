// MARK: - SixelBodyWriter

/// Writes the sixel data of an image whose pixels are register numbers: six-row bands separated by `-`,
/// each band as runs of one colour placed left to right on as few passes (`$`) as possible.
///
/// Within a band every colour's columns split into segments (maximal runs of columns where that colour has
/// a pixel). Each pass starts at column 0 and takes, in order of their first column, every remaining segment
/// that starts at or after the current column, skipping the gap with `?` (which paints nothing) and
/// selecting the segment's colour only when it changes, so neighbouring colours in a row of the image chain on
/// one pass. Alternatively the band's most common colour is first painted across the band and the other
/// colours' segments over it; the shorter of the two is written. Repeats of four or more sixels are
/// run-length encoded (`!n`).
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
    /// How often each register was selected (to number the busiest ones with short numbers).
    private(set) var selections: [Int]
    private var pixelCount: [Int]
    /// The segment of each colour still open while scanning the band's columns (end -1: none).
    private var openStart: [Int]
    private var openEnd: [Int]
    private var bandRows = 6
    /// The selected register (-1 before the first selection).
    private var current = -1
    /// Selections made by the variant being written (counted only if it is chosen).
    private var pendingSelections: [Int] = []

    struct Segment {
        var color: Int
        var start: Int
        var end: Int  // inclusive
    }

    init(width: Int, height: Int, colorCount: Int) {
        self.width = width
        self.height = height
        self.colorCount = colorCount
        selections = [Int](repeating: 0, count: max(1, colorCount))
        pixelCount = [Int](repeating: 0, count: max(1, colorCount))
        openStart = [Int](repeating: 0, count: max(1, colorCount))
        openEnd = [Int](repeating: -1, count: max(1, colorCount))
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
        bandRows = rows
        let w = width
        pixelCount.withUnsafeMutableBufferPointer { count in
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
                            count[c] += e - x
                            if x < lo[c] { lo[c] = x }
                            if e - 1 > hi[c] { hi[c] = e - 1 }
                            x = e
                        }
                    }
                }
            }
        }
        }
        collectSegments(indices, y0: y0, rows: rows)
    }

    /// Splits each colour's columns in the band into segments (runs of columns where it has a pixel) in one
    /// pass over the columns, and orders them by first column (then colour) into `order`.
    private mutating func collectSegments(_ indices: UnsafeBufferPointer<UInt8>, y0: Int, rows: Int) {
        segments.removeAll(keepingCapacity: true)
        let w = width
        var found: [Segment] = segments
        openStart.withUnsafeMutableBufferPointer { start in
            openEnd.withUnsafeMutableBufferPointer { end in
                var here = (0, 0, 0, 0, 0, 0)
                for x in 0..<w {
                    // The distinct colours of this column (at most 6).
                    var n = 0
                    withUnsafeMutableBytes(of: &here) { raw in
                        let colors = raw.bindMemory(to: Int.self)
                        for r in 0..<rows {
                            let c = Int(indices[(y0 + r) * w + x])
                            var seen = false
                            for k in 0..<n where colors[k] == c { seen = true; break }
                            if !seen { colors[n] = c; n += 1 }
                        }
                        for k in 0..<n {
                            let c = colors[k]
                            if end[c] >= 0 && end[c] == x - 1 {
                                end[c] = x
                            } else {
                                if end[c] >= 0 { found.append(Segment(color: c, start: start[c], end: end[c])) }
                                start[c] = x
                                end[c] = x
                            }
                        }
                    }
                }
                for c in used where end[c] >= 0 {
                    found.append(Segment(color: c, start: start[c], end: end[c]))
                    end[c] = -1
                }
            }
        }
        segments = found
        order.removeAll(keepingCapacity: true)
        for (k, s) in segments.enumerated() { order.append(s.start << 40 | s.color << 24 | k) }
        order.sort()
        for k in order.indices { order[k] &= 0xFF_FFFF }
    }

    /// Writes the band in the shorter of two ways, then clears the band's state: every colour's segments
    /// chained in passes, or first the band's most common colour painted across its whole extent and then
    /// the other colours' segments over it (a later paint replaces an earlier one).
    private mutating func writeBand(into out: inout [UInt8]) {
        let startColor = current
        pendingSelections.removeAll(keepingCapacity: true)
        selectSegments(excluding: -1)
        var best: [UInt8] = []
        writePasses(into: &best)
        var bestSelections = pendingSelections
        if used.count > 1 {
            let plainColor = current
            current = startColor
            pendingSelections.removeAll(keepingCapacity: true)
            let fill = mostCommonColor()
            selectSegments(excluding: fill)
            var filled: [UInt8] = []
            writeFill(fill, into: &filled)
            if !remaining.isEmpty { filled.append(UInt8(ascii: "$")) }
            writePasses(into: &filled)
            if filled.count < best.count {
                best = filled
                bestSelections = pendingSelections
            } else {
                current = plainColor
            }
        }
        for c in bestSelections { selections[c] += 1 }
        out.append(contentsOf: best)
        // Clear only what this band touched.
        for c in used {
            let base = c * width
            for x in minX[c]...maxX[c] { patterns[base + x] = 0 }
            minX[c] = Int.max
            maxX[c] = -1
            pixelCount[c] = 0
        }
        used.removeAll(keepingCapacity: true)
    }

    /// The colour with the most pixels in the band (the lowest register on ties).
    private func mostCommonColor() -> Int {
        var best = used[0]
        for c in used where pixelCount[c] > pixelCount[best] || (pixelCount[c] == pixelCount[best] && c < best) { best = c }
        return best
    }

    /// Puts every segment but those of colour `excluded` into `remaining`, in order of first column.
    private mutating func selectSegments(excluding excluded: Int) {
        remaining.removeAll(keepingCapacity: true)
        for k in order where segments[k].color != excluded { remaining.append(k) }
    }

    /// Paints `color` on every row of the band from its first to its last column.
    private mutating func writeFill(_ color: Int, into out: inout [UInt8]) {
        Self.appendRun(of: 63, count: minX[color], into: &out)
        select(color, into: &out)
        Self.appendRun(of: 63 + UInt8((1 << bandRows) - 1), count: maxX[color] - minX[color] + 1, into: &out)
    }

    /// Writes the segments in `remaining` in passes separated by `$`.
    private mutating func writePasses(into out: inout [UInt8]) {
        var firstPass = true
        while !remaining.isEmpty {
            if !firstPass { out.append(UInt8(ascii: "$")) }
            firstPass = false
            var x = 0
            var kept = 0
            for index in remaining.indices {  // by index: `remaining` is compacted in place
                let k = remaining[index]
                let s = segments[k]
                if s.start < x {
                    remaining[kept] = k
                    kept += 1
                    continue
                }
                Self.appendRun(of: 63, count: s.start - x, into: &out)
                select(s.color, into: &out)
                appendSixels(color: s.color, from: s.start, through: s.end, into: &out)
                x = s.end + 1
            }
            remaining.removeLast(remaining.count - kept)
        }
    }

    /// Selects a colour register unless it is the current one.
    private mutating func select(_ color: Int, into out: inout [UInt8]) {
        if color == current { return }
        pendingSelections.append(color)
        out.append(UInt8(ascii: "#"))
        Self.appendDecimal(color, into: &out)
        current = color
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
