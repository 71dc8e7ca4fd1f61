// MARK: - SixelQuantizer

/// Chooses colour registers for a sixel image and gives every pixel one.
///
/// Sixel registers take colours as percentages (0–100 per channel), so a terminal shows register value `p`
/// as the byte `(p * 255 + 50) / 100` (steps of 2.55). Grey images get grey registers that show every pixel
/// within a tolerance of its 8-bit value (the registers' own rounding needs 1; the default, 6 of 255, merges
/// neighbouring greys for shorter output), as few as pay for themselves in error (`registerPrice`). RGB images with at most
/// `maxColors` distinct colours get one register per colour (error at most 1); otherwise a median cut picks
/// the palette,
/// and if some pixel would end up more than `rgbErrorBound` away in a channel the fixed 6×6×6 cube
/// (percent levels 0, 20, ..., 100, error at most 25.5 + rounding) is used instead. So every channel of
/// every pixel is within `rgbErrorBound` = 26 of 255 of the input's 8-bit value.
enum SixelQuantizer {
    /// The largest error (of 255, per channel) the RGB quantiser allows.
    static let rgbErrorBound = 26

    /// Registers (percent RGB, most used first) and the register of every pixel.
    struct Result {
        var registers: [(UInt8, UInt8, UInt8)]
        var indices: [UInt8]
    }

    /// The byte a terminal shows for register percentage `p`.
    @inline(__always)
    static func byte(fromPercent p: Int) -> Int { (p * 255 + 50) / 100 }

    /// The percentage nearest to byte `v`.
    @inline(__always)
    static func percent(fromByte v: Int) -> Int { (v * 100 + 127) / 255 }

    /// The percentage nearest to a unit value (clamped, NaN as 0).
    @inline(__always)
    static func percent(fromUnit v: Float) -> Int { Int(Double(clampUnit(v)) * 100 + 0.5) }

    // MARK: - Grey

    /// Percent grey registers such that every pixel's 8-bit value is within `tolerance` (≥ 1) of what its
    /// register shows (see `greyCover`); at most `maxColors` of them (the fewest for the tolerance if the
    /// priced choice has too many, and the tolerance grows until they fit).
    static func grey(_ pixels: UnsafeBufferPointer<Float>, tolerance: Int, maxColors: Int) -> Result {
        var levels = [UInt8](repeating: 0, count: pixels.count)
        var histogram = [Int](repeating: 0, count: 256)
        levels.withUnsafeMutableBufferPointer { out in
            for i in 0..<pixels.count {
                let b = unitToByte(pixels[i])
                out[i] = b
                histogram[Int(b)] += 1
            }
        }
        // The requested tolerance, or the smallest larger one that needs at most maxColors registers.
        var t = max(1, tolerance)
        var cover = greyCover(histogram: histogram, tolerance: t)
        if cover.percents.count > maxColors {
            cover = greyCover(histogram: histogram, tolerance: t, registerPrice: .infinity)
        }
        if cover.percents.count > maxColors {
            var lo = t, hi = 255
            cover = greyCover(histogram: histogram, tolerance: hi, registerPrice: .infinity)
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                let c = greyCover(histogram: histogram, tolerance: mid, registerPrice: .infinity)
                if c.percents.count <= maxColors { hi = mid; cover = c } else { lo = mid }
            }
            t = hi
        }
        let palette = cover.percents.map { p in (UInt8(p), UInt8(p), UInt8(p)) }
        let provisional = levels.map { cover.register[Int($0)] }
        return compact(provisional: provisional, palette: palette)
    }

    /// What one more grey register must save to be worth it: this much mean error (of 255) per pixel.
    ///
    /// With only the fewest registers, a very common level (the black background of most datasets) can be
    /// forced to share a register with levels up to twice the tolerance away and be shown off by the whole
    /// tolerance: on a Fashion-MNIST image at tolerance 6, 17 registers give a mean error of 4.5 and 18 give
    /// 1.1. Each register costs bytes (its definition and its selections in every band it appears in), so
    /// registers are added only while each lowers the mean error by at least this much.
    static let registerPrice = 0.1

    /// Percent registers covering every used 8-bit level within `tolerance`, and each level's register.
    ///
    /// The used levels are split into consecutive groups, each shown by one register within the tolerance
    /// of all its levels. The split and registers minimise the total error over the pixels plus
    /// `registerPrice` × pixels for each register (dynamic programming over the levels, O(levels² · log
    /// levels)); with an infinite price, the fewest groups and among those the least error.
    static func greyCover(histogram: [Int], tolerance t: Int,
                          registerPrice: Double = registerPrice) -> (percents: [Int], register: [UInt16]) {
        let used = (0..<256).filter { histogram[$0] > 0 }
        let n = used.count
        // Prefix sums of counts and count × level, for the error of a register over a range of levels.
        var count = [Int](repeating: 0, count: 257), moment = [Int](repeating: 0, count: 257)
        for v in 0..<256 { count[v + 1] = count[v] + histogram[v]; moment[v + 1] = moment[v] + histogram[v] * v }
        /// Σ histogram[v] · |s - v| over levels lo...hi.
        func error(_ s: Int, _ lo: Int, _ hi: Int) -> Int {
            let m = min(max(s, lo - 1), hi)  // levels lo...m lie at or below s
            let below = (count[m + 1] - count[lo]) * s - (moment[m + 1] - moment[lo])
            let above = (moment[hi + 1] - moment[m + 1]) - (count[hi + 1] - count[m + 1]) * s
            return below + above
        }
        let shown = (0...100).map { byte(fromPercent: $0) }
        /// The largest register shown at or below byte `v` (-1 if none).
        var atOrBelow = [Int](repeating: -1, count: 256)
        var p = 0
        for v in 0..<256 {
            while p < 100 && shown[p + 1] <= v { p += 1 }
            atOrBelow[v] = shown[p] <= v ? p : -1
        }
        /// The lowest level of lo...hi at which half of the group's pixels are reached (the weighted median).
        func median(_ lo: Int, _ hi: Int) -> Int {
            let half = (count[hi + 1] - count[lo] + 1) / 2
            var a = lo, b = hi
            while a < b {
                let m = (a + b) / 2
                if count[m + 1] - count[lo] >= half { b = m } else { a = m + 1 }
            }
            return a
        }
        // A register's price in error units (pixels × levels); nil: the fewest groups first.
        let price: Int? = registerPrice.isFinite ? Int((registerPrice * Double(count[256])).rounded()) : nil
        func isBetter(_ a: (groups: Int, error: Int, end: Int, percent: Int),
                      than b: (groups: Int, error: Int, end: Int, percent: Int)) -> Bool {
            if b.groups == Int.max { return true }
            guard let price else { return a.groups < b.groups || (a.groups == b.groups && a.error < b.error) }
            let costA = a.error + a.groups * price, costB = b.error + b.groups * price
            return costA < costB || (costA == costB && a.groups < b.groups)
        }
        // best[i]: (groups, error, end of the first group, its register) for covering used[i...].
        var best = [(groups: Int, error: Int, end: Int, percent: Int)](repeating: (Int.max, Int.max, 0, 0), count: n + 1)
        best[n] = (0, 0, n, 0)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var j = i
            while j < n && used[j] - used[i] <= 2 * t {
                // Registers within t of both ends: pLo...pHi. The weighted L1 error is convex in the shown
                // value, so the best is one of the two registers around the median, clamped into range.
                let pHi = atOrBelow[min(255, used[i] + t)]
                var pLo = max(0, used[j] - t) == 0 ? 0 : atOrBelow[max(0, used[j] - t) - 1] + 1
                pLo = max(0, pLo)
                var choice = -1, choiceError = Int.max
                if pHi >= pLo {
                    let m = median(used[i], used[j])
                    let below = max(pLo, min(pHi, atOrBelow[m]))
                    for p in [below, min(pHi, below + 1)] {
                        let e = error(shown[p], used[i], used[j])
                        if e < choiceError { choice = p; choiceError = e }
                    }
                }
                if choice < 0 { break }
                let rest = best[j + 1]
                if rest.groups != Int.max {
                    let candidate = (groups: rest.groups + 1, error: rest.error + choiceError, end: j + 1, percent: choice)
                    if isBetter(candidate, than: best[i]) { best[i] = candidate }
                }
                j += 1
            }
        }
        var percents: [Int] = []
        var register = [UInt16](repeating: 0, count: 256)
        var i = 0
        while i < n {
            let step = best[i]
            for k in i..<step.end { register[used[k]] = UInt16(percents.count) }
            percents.append(step.percent)
            i = step.end
        }
        return (percents, register)
    }

    // MARK: - RGB

    /// Exact registers when the image has few colours, else a median cut with a bounded error, else the cube.
    static func rgb(_ pixels: UnsafeBufferPointer<Float>, maxColors: Int) -> Result {
        let n = pixels.count / 3
        let limit = max(2, min(256, maxColors))
        if let exact = exactColors(pixels, count: n, limit: limit) { return exact }
        if let cut = medianCut(pixels, count: n, colors: limit) { return cut }
        return cube(pixels, count: n)
    }

    /// Every distinct percent colour its own register, or nil when there are more than `limit`.
    static func exactColors(_ pixels: UnsafeBufferPointer<Float>, count n: Int, limit: Int) -> Result? {
        var ids: [Int: UInt16] = [:]
        var palette: [(UInt8, UInt8, UInt8)] = []
        var provisional = [UInt16](repeating: 0, count: n)
        var lastKey = -1
        var lastId: UInt16 = 0
        for i in 0..<n {
            let r = percent(fromUnit: pixels[3 * i]), g = percent(fromUnit: pixels[3 * i + 1])
            let b = percent(fromUnit: pixels[3 * i + 2])
            let key = (r << 16) | (g << 8) | b
            if key != lastKey {
                if let id = ids[key] {
                    lastId = id
                } else {
                    if palette.count == limit { return nil }
                    lastId = UInt16(palette.count)
                    ids[key] = lastId
                    palette.append((UInt8(r), UInt8(g), UInt8(b)))
                }
                lastKey = key
            }
            provisional[i] = lastId
        }
        return compact(provisional: provisional, palette: palette)
    }

    /// The fixed 6×6×6 cube at percent levels 0, 20, ..., 100.
    static func cube(_ pixels: UnsafeBufferPointer<Float>, count n: Int) -> Result {
        var provisional = [UInt16](repeating: 0, count: n)
        for i in 0..<n {
            let r = Int(clampUnit(pixels[3 * i]) * 5 + 0.5), g = Int(clampUnit(pixels[3 * i + 1]) * 5 + 0.5)
            let b = Int(clampUnit(pixels[3 * i + 2]) * 5 + 0.5)
            provisional[i] = UInt16(36 * r + 6 * g + b)
        }
        var palette: [(UInt8, UInt8, UInt8)] = []
        for r in 0..<6 { for g in 0..<6 { for b in 0..<6 { palette.append((UInt8(20 * r), UInt8(20 * g), UInt8(20 * b))) } } }
        return compact(provisional: provisional, palette: palette)
    }

    // MARK: - Median cut

    /// A median cut over a 5-bit-per-channel histogram; nil if some pixel would be more than
    /// `rgbErrorBound` away from its register's colour.
    static func medianCut(_ pixels: UnsafeBufferPointer<Float>, count n: Int, colors: Int) -> Result? {
        var bytes = [UInt8](repeating: 0, count: 3 * n)
        for i in 0..<(3 * n) { bytes[i] = unitToByte(pixels[i]) }
        // Histogram: population and channel sums per 15-bit bin.
        var population = [Int](repeating: 0, count: 1 << 15)
        var sums = [Int](repeating: 0, count: 3 << 15)
        var bins = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let r = Int(bytes[3 * i]), g = Int(bytes[3 * i + 1]), b = Int(bytes[3 * i + 2])
            let bin = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3)
            bins[i] = bin
            population[bin] += 1
            sums[3 * bin] += r; sums[3 * bin + 1] += g; sums[3 * bin + 2] += b
        }
        var occupied: [Int] = []
        for bin in 0..<(1 << 15) where population[bin] > 0 { occupied.append(bin) }
        // Split boxes (ranges of `occupied`, re-sorted along the split channel) until there are enough.
        func channel(_ bin: Int, _ c: Int) -> Int { (bin >> (10 - 5 * c)) & 31 }
        /// A box, the channel it would be split along, and its priority (widest range, then population).
        func box(_ range: Range<Int>) -> (range: Range<Int>, channel: Int, score: Int) {
            var lo = [31, 31, 31], hi = [0, 0, 0], pop = 0
            for j in range {
                let bin = occupied[j]
                pop += population[bin]
                for c in 0..<3 { let v = channel(bin, c); lo[c] = min(lo[c], v); hi[c] = max(hi[c], v) }
            }
            var best = 0
            for c in 1..<3 where hi[c] - lo[c] > hi[best] - lo[best] { best = c }
            let spread = hi[best] - lo[best]
            return (range, best, spread == 0 ? -1 : spread << 40 | pop)
        }
        var boxes = [box(0..<occupied.count)]
        while boxes.count < colors {
            guard let k = boxes.indices.max(by: { boxes[$0].score < boxes[$1].score }), boxes[k].score >= 0 else { break }
            let (range, c, _) = boxes[k]
            occupied[range].sort { channel($0, c) < channel($1, c) }
            // The population-weighted median, moved to a change of value (one exists: the range is not flat).
            var total = 0
            for j in range { total += population[occupied[j]] }
            var acc = 0, cut = range.lowerBound + 1
            for j in range {
                acc += population[occupied[j]]
                if 2 * acc >= total { cut = j + 1; break }
            }
            cut = min(cut, range.upperBound - 1)
            let v = channel(occupied[cut - 1], c)
            while cut < range.upperBound && channel(occupied[cut], c) == v { cut += 1 }
            if cut == range.upperBound {
                cut -= 1
                while channel(occupied[cut - 1], c) == v { cut -= 1 }
            }
            boxes[k] = box(range.lowerBound..<cut)
            boxes.append(box(cut..<range.upperBound))
        }
        // Palette: the population-weighted mean of each box, as percentages.
        var palette: [(UInt8, UInt8, UInt8)] = []
        var shown: [(Int, Int, Int)] = []
        for (box, _, _) in boxes {
            var pop = 0, r = 0, g = 0, b = 0
            for j in box { let bin = occupied[j]; pop += population[bin]; r += sums[3 * bin]; g += sums[3 * bin + 1]; b += sums[3 * bin + 2] }
            let pr = percent(fromByte: (r + pop / 2) / pop), pg = percent(fromByte: (g + pop / 2) / pop)
            let pb = percent(fromByte: (b + pop / 2) / pop)
            palette.append((UInt8(pr), UInt8(pg), UInt8(pb)))
            shown.append((byte(fromPercent: pr), byte(fromPercent: pg), byte(fromPercent: pb)))
        }
        // Each occupied bin takes the nearest palette colour to its mean.
        var register = [UInt16](repeating: 0, count: 1 << 15)
        for bin in occupied {
            let pop = population[bin]
            let r = sums[3 * bin] / pop, g = sums[3 * bin + 1] / pop, b = sums[3 * bin + 2] / pop
            var best = 0, bestDistance = Int.max
            for (k, s) in shown.enumerated() {
                let d = (r - s.0) * (r - s.0) + (g - s.1) * (g - s.1) + (b - s.2) * (b - s.2)
                if d < bestDistance { best = k; bestDistance = d }
            }
            register[bin] = UInt16(best)
        }
        var provisional = [UInt16](repeating: 0, count: n)
        for i in 0..<n {
            let k = register[bins[i]]
            let s = shown[Int(k)]
            let error = max(abs(Int(bytes[3 * i]) - s.0), abs(Int(bytes[3 * i + 1]) - s.1), abs(Int(bytes[3 * i + 2]) - s.2))
            if error > rgbErrorBound { return nil }
            provisional[i] = k
        }
        return compact(provisional: provisional, palette: palette)
    }

    // MARK: - Compaction

    /// Renumbers the provisional colours that occur, most frequent first (short register numbers for the
    /// colours selected most often), dropping unused ones.
    static func compact(provisional: [UInt16], palette: [(UInt8, UInt8, UInt8)]) -> Result {
        var counts = [Int](repeating: 0, count: palette.count)
        for id in provisional { counts[Int(id)] += 1 }
        let order = (0..<palette.count).filter { counts[$0] > 0 }.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
        var number = [UInt8](repeating: 0, count: palette.count)
        for (k, id) in order.enumerated() { number[id] = UInt8(k) }
        var indices = [UInt8](repeating: 0, count: provisional.count)
        provisional.withUnsafeBufferPointer { src in
            number.withUnsafeBufferPointer { map in
                indices.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<src.count { dst[i] = map[Int(src[i])] }
                }
            }
        }
        return Result(registers: order.map { palette[$0] }, indices: indices)
    }
}
