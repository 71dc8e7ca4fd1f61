import Foundation

// MARK: - ScatterRaster

/// One rasterisation of a scatter plot: points counted per dot, and classes (or scores) per colour block.
struct ScatterRaster {
    let plot: ScatterPlot
    let dotsWide: Int
    let dotsHigh: Int
    let blockWidth: Int
    let blockHeight: Int
    let blocksWide: Int
    let blocksHigh: Int
    let viewport: Viewport

    /// Points per dot, row-major.
    var dotCounts: [Int32]
    /// Class mode: counts per block and slot (`slots` per block: classes 0..<K, unlabelled, greyed).
    var classCounts: [Int32] = []
    var slots = 0
    /// Sparse class mode (too many classes for dense counts): `block * slots + slot` per visible point.
    var sparseKeys: [Int] = []
    var sparse = false
    /// Score mode: the highest score per block (-inf when none), whether a block has greyed points, and the
    /// score range used for normalising.
    var blockMaxScore: [Float] = []
    var blockHasGreyed: [Bool] = []
    var scoreRange: ClosedRange<Float> = 0...1

    /// Dense class counts are used while blocks × slots stays below this.
    static let denseLimit = 1 << 20

    init(plot: ScatterPlot, dotsWide: Int, dotsHigh: Int, block: (x: Int, y: Int), viewport: Viewport) {
        self.plot = plot
        self.dotsWide = dotsWide
        self.dotsHigh = dotsHigh
        blockWidth = block.x
        blockHeight = block.y
        blocksWide = (dotsWide + block.x - 1) / block.x
        blocksHigh = (dotsHigh + block.y - 1) / block.y
        self.viewport = viewport
        dotCounts = Array(repeating: 0, count: dotsWide * dotsHigh)
    }

    var blockCount: Int { blocksWide * blocksHigh }

    // MARK: - Accumulation

    /// Counts every visible point into its dot and its block.
    mutating func accumulate() {
        switch plot.coloring {
        case .classes(let classes):
            accumulateClasses(classes)
        case .scores(let scores, let classes, let range):
            accumulateScores(scores, classes: classes, range: range)
        case .uniform:
            accumulateClasses([])
        }
    }

    /// Per class id: 0 drawn, 1 greyed, 2 hidden.
    func classStates(maxClass: Int) -> [UInt8] {
        var states = [UInt8](repeating: 0, count: maxClass + 1)
        for c in plot.greyedClasses where c >= 0 && c <= maxClass { states[c] = 1 }
        for c in plot.hiddenClasses where c >= 0 && c <= maxClass { states[c] = 2 }
        return states
    }

    /// The largest class id among the points' classes (-1 when none).
    static func maxClass(_ classes: [Int]) -> Int {
        var m = -1
        for c in classes where c > m { m = c }
        return m
    }

    mutating func accumulateClasses(_ classes: [Int]) {
        let maxClass = Self.maxClass(classes)
        let states = classStates(maxClass: maxClass)
        let k = maxClass + 1
        slots = k + 2
        sparse = blockCount * slots > Self.denseLimit
        if !sparse { classCounts = Array(repeating: 0, count: blockCount * slots) }
        let unlabelledSlot = k, greyedSlot = k + 1
        let unlabelledIsHidden = plot.hiddenClasses.contains(where: { $0 < 0 })
        let unlabelledIsGreyed = plot.greyedClasses.contains(where: { $0 < 0 })
        let n = plot.count
        let t = transform
        let w = dotsWide, h = dotsHigh, bw = blockWidth, bh = blockHeight, bwide = blocksWide, nslots = slots
        let isSparse = sparse
        var keys: [Int] = []
        plot.points.withUnsafeBufferPointer { pts in
            classes.withUnsafeBufferPointer { cls in
                states.withUnsafeBufferPointer { st in
                    dotCounts.withUnsafeMutableBufferPointer { dots in
                        classCounts.withUnsafeMutableBufferPointer { counts in
                            for i in 0..<n {
                                let c = i < cls.count ? cls[i] : -1
                                var slot: Int
                                if c >= 0 {
                                    let s = st[c]
                                    if s == 2 { continue }
                                    slot = s == 1 ? greyedSlot : c
                                } else {
                                    if unlabelledIsHidden { continue }
                                    slot = unlabelledIsGreyed ? greyedSlot : unlabelledSlot
                                }
                                let dx = Double(pts[2 * i]) * t.sx + t.ox
                                let dy = t.oy - Double(pts[2 * i + 1]) * t.sy
                                guard dx >= 0, dx < Double(w), dy >= 0, dy < Double(h) else { continue }
                                let ix = Int(dx), iy = Int(dy)
                                dots[iy * w + ix] &+= 1
                                let block = (iy / bh) * bwide + ix / bw
                                if isSparse {
                                    keys.append(block * nslots + slot)
                                } else {
                                    counts[block * nslots + slot] &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        sparseKeys = keys
    }

    mutating func accumulateScores(_ scores: [Float], classes: [Int], range: ClosedRange<Float>?) {
        let states = classStates(maxClass: Self.maxClass(classes))
        blockMaxScore = Array(repeating: -.infinity, count: blockCount)
        blockHasGreyed = Array(repeating: false, count: blockCount)
        var lo = Float.infinity, hi = -Float.infinity
        let t = transform
        let w = dotsWide, h = dotsHigh, bw = blockWidth, bh = blockHeight, bwide = blocksWide
        for i in 0..<plot.count {
            let c = i < classes.count ? classes[i] : -1
            let state: UInt8 = c >= 0 ? states[c] : (plot.hiddenClasses.contains(c) ? 2 : plot.greyedClasses.contains(c) ? 1 : 0)
            if state == 2 { continue }
            let score = i < scores.count ? scores[i] : .nan
            if state == 0 && score.isFinite { lo = min(lo, score); hi = max(hi, score) }
            let dx = Double(plot.points[2 * i]) * t.sx + t.ox
            let dy = t.oy - Double(plot.points[2 * i + 1]) * t.sy
            guard dx >= 0, dx < Double(w), dy >= 0, dy < Double(h) else { continue }
            let ix = Int(dx), iy = Int(dy)
            dotCounts[iy * w + ix] &+= 1
            let block = (iy / bh) * bwide + ix / bw
            if state == 1 || !score.isFinite {
                blockHasGreyed[block] = true
            } else if score > blockMaxScore[block] {
                blockMaxScore[block] = score
            }
        }
        if let range { scoreRange = range } else if lo <= hi { scoreRange = lo...hi }
    }

    /// Data to dot coordinates: `dx = x * sx + ox`, `dy = oy - y * sy`.
    var transform: (sx: Double, ox: Double, sy: Double, oy: Double) {
        let sx = 1 / viewport.unitsPerDotX, sy = 1 / viewport.unitsPerDotY
        return (sx, Double(dotsWide) / 2 - viewport.centerX * sx, sy, Double(dotsHigh) / 2 + viewport.centerY * sy)
    }

    // MARK: - Colours

    /// The colour of every block (only blocks with points matter).
    func blockColors() -> [Color] {
        let palette = plot.palette
        switch plot.coloring {
        case .uniform(let color):
            return Array(repeating: color, count: blockCount)
        case .scores:
            let span = scoreRange.upperBound - scoreRange.lowerBound
            return (0..<blockCount).map { b in
                let s = blockMaxScore[b]
                guard s > -.infinity else { return palette.greyed }
                return palette.scoreColor(span > 0 ? (s - scoreRange.lowerBound) / span : 1)
            }
        case .classes:
            let winners = sparse ? sparseWinners() : denseWinners()
            let k = slots - 2
            let brightness = plot.count >= ScatterPlot.densityShadingFrom ? densityBrightness() : nil
            return winners.enumerated().map { block, slot in
                guard slot >= 0 else { return palette.greyed }
                guard slot < k else { return .default }
                guard let brightness else { return palette.classColor(slot) }
                return palette.classColor(slot, brightness: brightness[block])
            }
        }
    }

    /// Per block, a brightness in [0.35, 1] that grows with the logarithm of its point count (1 for the fullest
    /// block): with hundreds of points behind every dot, dots alone no longer show where the data is dense.
    func densityBrightness() -> [Float] {
        // points per block, from the class counts already taken
        var totals = [Int32](repeating: 0, count: blockCount)
        if sparse {
            for key in sparseKeys { totals[key / slots] &+= 1 }
        } else {
            for b in 0..<blockCount { for s in 0..<slots { totals[b] &+= classCounts[b * slots + s] } }
        }
        let most = totals.max() ?? 0
        guard most > 1 else { return [Float](repeating: 1, count: blockCount) }
        let scale = 1 / log(Float(most) + 1)
        return totals.map { 0.35 + 0.65 * log(Float($0) + 1) * scale }
    }

    /// The majority slot per block among classes and unlabelled (lowest slot on ties), -1 if only greyed.
    func denseWinners() -> [Int] {
        let k = slots - 2
        return classCounts.withUnsafeBufferPointer { counts in
            (0..<blockCount).map { b in
                let base = b * slots
                var best = -1
                var bestCount: Int32 = 0
                for s in 0...k where counts[base + s] > bestCount {
                    best = s
                    bestCount = counts[base + s]
                }
                return best
            }
        }
    }

    /// `denseWinners` computed from sorted keys, for plots with too many classes for dense counts.
    func sparseWinners() -> [Int] {
        let k = slots - 2
        var winners = [Int](repeating: -1, count: blockCount)
        var bestCounts = [Int](repeating: 0, count: blockCount)
        let keys = sparseKeys.sorted()
        var i = 0
        while i < keys.count {
            var j = i
            while j < keys.count && keys[j] == keys[i] { j += 1 }
            let block = keys[i] / slots, slot = keys[i] % slots
            // Keys ascend, so a later slot only wins with a strictly larger count (ties keep the lower slot).
            if slot <= k && j - i > bestCounts[block] {
                winners[block] = slot
                bestCounts[block] = j - i
            }
            i = j
        }
        return winners
    }

    // MARK: - Painting

    /// Paints every dot with points in its block's colour.
    func paint<C: Canvas>(on canvas: inout C, blockColors: [Color]) {
        for y in 0..<dotsHigh {
            let row = y * dotsWide
            let blockRow = (y / blockHeight) * blocksWide
            for x in 0..<dotsWide {
                let n = dotCounts[row + x]
                if n > 0 { canvas.paint(x: x, y: y, color: blockColors[blockRow + x / blockWidth], count: Int(n)) }
            }
        }
    }
}
