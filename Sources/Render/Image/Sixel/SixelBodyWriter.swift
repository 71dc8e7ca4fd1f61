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
/// run-length encoded (`!n`). Where each register selection's number was written is kept, so the encoder can
/// renumber the registers by use without scanning the body again.
struct SixelBodyWriter {
    let width: Int
    let height: Int
    let colorCount: Int

    /// Per colour and column: the sixel bits of the current band.
    private var patterns: [UInt8]
    private var minX: [Int]
    private var maxX: [Int]
    private var used: [Int] = []
    /// The band's segments in order of first column, then colour.
    private var segments: [Segment] = []
    private var remaining: [Int32] = []
    /// Where each selection's register number starts in the output, and the register.
    private(set) var selectionSites: [(offset: Int, register: Int)] = []
    private var pixelCount: [Int]
    /// The segment each colour has open while scanning the band's columns (-1: none).
    private var openSegment: [Int]
    private var bandRows = 6
    /// The selected register (-1 before the first selection).
    private var current = -1
    /// Selections made by the variant being written (offsets within that variant).
    private var pendingSelections: [(offset: Int, register: Int)] = []
    /// The two ways of writing a band, the shorter one kept.
    private let plain = ByteSink()
    private let filled = ByteSink()

    struct Segment {
        var color: Int
        var start: Int
        var end: Int  // inclusive
    }

    init(width: Int, height: Int, colorCount: Int) {
        self.width = width
        self.height = height
        self.colorCount = colorCount
        let colors = max(1, colorCount)
        pixelCount = [Int](repeating: 0, count: colors)
        openSegment = [Int](repeating: -1, count: colors)
        patterns = [UInt8](repeating: 0, count: colors * width)
        minX = [Int](repeating: Int.max, count: colors)
        maxX = [Int](repeating: -1, count: colors)
    }

    /// The number of six-row bands.
    var bandCount: Int { (height + 5) / 6 }

    /// Appends the body of `bands` (all by default) of `indices` (row-major register numbers) to `out`, each band
    /// after the image's first preceded by `-`.
    mutating func write(_ indices: UnsafeBufferPointer<UInt8>, bands: Range<Int>? = nil, into out: ByteSink) {
        for band in bands ?? 0..<bandCount {
            let y0 = band * 6
            if y0 > 0 { out.append(UInt8(ascii: "-")) }
            collectBand(indices, y0: y0)
            writeBand(into: out)
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
    /// pass over the columns. A segment is added when it opens, the colours opening in one column in register
    /// order, so `segments` comes out ordered by first column, then colour.
    private mutating func collectSegments(_ indices: UnsafeBufferPointer<UInt8>, y0: Int, rows: Int) {
        segments.removeAll(keepingCapacity: true)
        let w = width
        var found: [Segment] = segments
        openSegment.withUnsafeMutableBufferPointer { open in
            var here = (0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &here) { raw in
                let colors = raw.bindMemory(to: Int.self)
                for x in 0..<w {
                    // The distinct colours of this column (at most 6), in register order.
                    var n = 0
                    for r in 0..<rows {
                        let c = Int(indices[(y0 + r) * w + x])
                        var k = n
                        var seen = false
                        while k > 0 {
                            if colors[k - 1] == c { seen = true; break }
                            if colors[k - 1] < c { break }
                            k -= 1
                        }
                        if seen { continue }
                        var j = n
                        while j > k { colors[j] = colors[j - 1]; j -= 1 }
                        colors[k] = c
                        n += 1
                    }
                    for k in 0..<n {
                        let c = colors[k]
                        let s = open[c]
                        if s >= 0 && found[s].end == x - 1 {
                            found[s].end = x
                        } else {
                            open[c] = found.count
                            found.append(Segment(color: c, start: x, end: x))
                        }
                    }
                }
            }
            for c in used { open[c] = -1 }
        }
        segments = found
    }

    /// Writes the band in the shorter of two ways, then clears the band's state: every colour's segments
    /// chained in passes, or first the band's most common colour painted across its whole extent and then
    /// the other colours' segments over it (a later paint replaces an earlier one).
    private mutating func writeBand(into out: ByteSink) {
        let startColor = current
        pendingSelections.removeAll(keepingCapacity: true)
        selectSegments(excluding: -1)
        plain.removeAll()
        writePasses(into: plain)
        var best = plain
        var bestSelections = pendingSelections
        if used.count > 1 {
            let plainColor = current
            current = startColor
            pendingSelections.removeAll(keepingCapacity: true)
            let fill = mostCommonColor()
            selectSegments(excluding: fill)
            filled.removeAll()
            writeFill(fill, into: filled)
            if !remaining.isEmpty { filled.append(UInt8(ascii: "$")) }
            writePasses(into: filled)
            if filled.count < plain.count {
                best = filled
                bestSelections = pendingSelections
            } else {
                current = plainColor
            }
        }
        for site in bestSelections { selectionSites.append((out.count + site.offset, site.register)) }
        out.append(best)
        // Clear only what this band touched.
        patterns.withUnsafeMutableBufferPointer { pat in
            for c in used {
                let base = c * width
                for x in minX[c]...maxX[c] { pat[base + x] = 0 }
                minX[c] = Int.max
                maxX[c] = -1
                pixelCount[c] = 0
            }
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
        for k in segments.indices where segments[k].color != excluded { remaining.append(Int32(k)) }
    }

    /// Paints `color` on every row of the band from its first to its last column.
    private mutating func writeFill(_ color: Int, into out: ByteSink) {
        out.appendRun(of: 63, count: minX[color])
        Self.select(color, current: &current, sites: &pendingSelections, into: out)
        out.appendRun(of: 63 + UInt8((1 << bandRows) - 1), count: maxX[color] - minX[color] + 1)
    }

    /// Writes the segments in `remaining` in passes separated by `$`.
    private mutating func writePasses(into out: ByteSink) {
        var left = remaining.count
        var firstPass = true
        let w = width
        // `current` and the selections are kept in locals while the arrays are borrowed.
        var selected = current
        var sites: [(offset: Int, register: Int)] = []
        swap(&sites, &pendingSelections)
        remaining.withUnsafeMutableBufferPointer { rest in
            segments.withUnsafeBufferPointer { segs in
                patterns.withUnsafeBufferPointer { pat in
                    while left > 0 {
                        if !firstPass { out.append(UInt8(ascii: "$")) }
                        firstPass = false
                        var x = 0
                        var kept = 0
                        for index in 0..<left {  // `rest` is compacted in place
                            let k = rest[index]
                            let s = segs[Int(k)]
                            if s.start < x {
                                rest[kept] = k
                                kept += 1
                                continue
                            }
                            out.appendRun(of: 63, count: s.start - x)
                            Self.select(s.color, current: &selected, sites: &sites, into: out)
                            // The colour's sixels over the segment's columns, run-length encoded.
                            let base = s.color * w
                            var c = s.start
                            while c <= s.end {
                                let p = pat[base + c]
                                var e = c + 1
                                while e <= s.end && pat[base + e] == p { e += 1 }
                                out.appendRun(of: 63 + p, count: e - c)
                                c = e
                            }
                            x = s.end + 1
                        }
                        left = kept
                    }
                }
            }
        }
        remaining.removeAll(keepingCapacity: true)
        current = selected
        pendingSelections = sites
    }

    /// Selects register `color` unless it is `current`, noting where its number is written.
    @inline(__always)
    private static func select(_ color: Int, current: inout Int, sites: inout [(offset: Int, register: Int)],
                               into out: ByteSink) {
        if color == current { return }
        out.append(UInt8(ascii: "#"))
        sites.append((out.count, color))
        out.appendDecimal(color)
        current = color
    }
}
