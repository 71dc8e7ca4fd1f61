import Foundation
import Tensors

/// UMAP's stochastic gradient descent: umap-learn's `optimize_layout_euclidean` with a schedule and an update
/// order that do not depend on the threads.
///
/// An edge of strength w is sampled in the epochs where `⌊e·w/w_max⌋` grows (umap-learn's `epochs_per_sample`),
/// pulling its point towards the other end, then `negativeSampleRate` random points push it away; the learning
/// rate falls linearly over the epochs. umap-learn moves both ends of a sampled edge and holds every edge in both
/// directions, so each end is pulled twice per sampling; here each point moves only itself, along its own row,
/// pulled with twice the step. Within an epoch every point reads the others' positions from the end of the
/// previous epoch (its own it updates as it goes), so the points of an epoch can be split over threads in any way
/// and give the same bits; the negative samples of a point come from a generator seeded by (seed, epoch, point).
struct UMAPLayout {
    let graph: FuzzySimplicialSet
    let a: Float, b: Float
    let epochs: Int
    let learningRate: Float
    let negativeSamples: Int
    let repulsion: Float
    let seed: UInt64
    let threads: Int
    /// w / w_max per entry: the fraction of epochs that sample it.
    let rate: [Float]

    /// Points per part of an epoch: a stop request waits at most one part.
    let partSize: Int
    /// Floats of scratch a point needs: two per target lane of its longest row.
    let scratchSize: Int

    init(graph: FuzzySimplicialSet, a: Double, b: Double, epochs: Int, options: UMAPOptions, partSize: Int = 32_768) {
        self.partSize = partSize
        self.graph = graph
        self.a = Float(a)
        self.b = Float(b)
        self.epochs = epochs
        learningRate = Float(options.learningRate)
        negativeSamples = options.negativeSampleRate
        repulsion = Float(options.repulsionStrength)
        seed = options.seed
        threads = options.threads
        let top = graph.weights.max() ?? 1
        rate = graph.weights.map { top > 0 ? $0 / top : 0 }
        var longest = 0
        for r in 0..<graph.rows { longest = max(longest, graph.rowStart[r + 1] - graph.rowStart[r]) }
        scratchSize = max(2, 2 * longest * Self.lanesPerEdge(options.negativeSampleRate))
    }

    /// Runs the epochs on `embedding` (row-major N × 2).
    ///
    /// - Parameters:
    ///   - progress: after every epoch, with the epochs done; return false to stop.
    ///   - shouldStop: asked between the parts of an epoch; true stops (the embedding is then the last full epoch's).
    /// - Returns: the epochs completed and whether the run was stopped.
    func run(_ embedding: inout [Float], progress: (_ epoch: Int, _ embedding: [Float]) -> Bool,
             shouldStop: () -> Bool) -> (epochs: Int, cancelled: Bool) {
        let n = graph.rows
        guard n > 1, epochs > 0 else { return (0, false) }
        var next = embedding
        for epoch in 1...epochs {
            let alpha = learningRate * (1 - Float(epoch - 1) / Float(epochs))
            var stopped = false
            embedding.withUnsafeBufferPointer { pb in
                next.withUnsafeMutableBufferPointer { nb in
                    for start in stride(from: 0, to: n, by: partSize) {
                        if start > 0 && shouldStop() { stopped = true; return }
                        let part = start..<min(n, start + partSize)
                        nonisolated(unsafe) let (previous, current) = (pb.baseAddress!, nb.baseAddress!)
                        Parallel.forEachRange(count: part.count, threads: threads, grain: 1024) { range in
                            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchSize)
                            defer { scratch.deallocate() }
                            for i in (range.lowerBound + start)..<(range.upperBound + start) {
                                movePoint(i, epoch: epoch, alpha: alpha, previous: previous, current: current,
                                          scratch: scratch)
                            }
                        }
                    }
                }
            }
            if stopped { return (epoch - 1, true) }
            swap(&embedding, &next)
            if !progress(epoch, embedding) { return (epoch, true) }
        }
        return (epochs, false)
    }

    /// One point's updates in one epoch: reads `previous`, writes its own row of `current`.
    ///
    /// First every target of the epoch is looked up (each sampled edge's other end, then its negative samples,
    /// in groups of eight), into `scratch`: the loads do not wait for one another. Then each group is computed
    /// from the point's position before it, eight lanes in vector registers, and added; one after the other (as umap-learn does) each update would wait for the last, and that chain of
    /// divisions and polynomials cost about 6× the time.
    @inline(__always)
    private func movePoint(_ i: Int, epoch: Int, alpha: Float, previous: UnsafePointer<Float>,
                           current: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let n = graph.rows
        var x = previous[2 * i], y = previous[2 * i + 1]
        let rowStart = graph.rowStart[i], rowEnd = graph.rowStart[i + 1]
        let now = Float(epoch), before = Float(epoch - 1)
        let lanes = Self.lanesPerEdge(negativeSamples)
        let xs = scratch, ys = scratch + scratchSize / 2
        var rng = SeededGenerator(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(i) &* 0xD1B5_4A32_D192_ED03))
        // targets: per sampled edge its other end, its negative samples, `farAway` for the rest of the groups
        // (and for a negative sample that drew the point itself)
        var targets = 0
        graph.columns.withUnsafeBufferPointer { columns in
            rate.withUnsafeBufferPointer { rate in
                for p in rowStart..<rowEnd {
                    let r = rate[p]
                    // sampled when ⌊epoch·r⌋ grows (r ≤ 1, so at most once an epoch)
                    guard Int32(now * r) > Int32(before * r) else { continue }
                    let j = Int(columns[p])
                    xs[targets] = previous[2 * j]
                    ys[targets] = previous[2 * j + 1]
                    for s in 1...max(1, negativeSamples) where s <= negativeSamples {
                        let k = Int((UInt64(UInt32(truncatingIfNeeded: rng.next() >> 32)) &* UInt64(n)) >> 32)
                        xs[targets + s] = k == i ? Self.farAway : previous[2 * k]
                        ys[targets + s] = k == i ? Self.farAway : previous[2 * k + 1]
                    }
                    for s in (1 + negativeSamples)..<lanes { xs[targets + s] = Self.farAway; ys[targets + s] = Self.farAway }
                    targets += lanes
                }
            }
        }
        var t = 0
        while t < targets {
            for group in stride(from: 0, to: lanes, by: 8) {
                let (dx, dy) = groupStep(x, y, xs + t + group, ys + t + group, pulls: group == 0)
                x += alpha * dx
                y += alpha * dy
            }
            t += lanes
        }
        current[2 * i] = x
        current[2 * i + 1] = y
    }

    /// A coordinate no embedded point comes near: a push from there underflows to 0 (d² ≈ 10³⁶ stays finite).
    static let farAway: Float = 1e18

    /// The lane of an edge's pull in its first group.
    static let firstLane = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .== 0

    /// Targets per sampled edge: the other end and the negative samples, rounded up to groups of eight.
    static func lanesPerEdge(_ negativeSamples: Int) -> Int { (1 + negativeSamples + 7) / 8 * 8 }

    /// The summed, clipped gradient steps from (x, y) towards eight targets: the first pulls when `pulls` (twice,
    /// as umap-learn pulls each end once per direction of an edge), the others push; a target at `farAway`, or
    /// at the point itself, adds nothing (its coefficient underflows to 0, or its difference is 0). Not inlined: compiled on its own its lanes stay in vector registers, inlined into
    /// the epoch loop its comparisons became lane-by-lane loops through memory.
    @inline(never)
    private func groupStep(_ x: Float, _ y: Float, _ tx: UnsafePointer<Float>, _ ty: UnsafePointer<Float>,
                           pulls: Bool) -> (Float, Float) {
        let a = self.a, b = self.b
        let dx = x - UnsafeRawPointer(tx).loadUnaligned(as: SIMD8<Float>.self)
        let dy = y - UnsafeRawPointer(ty).loadUnaligned(as: SIMD8<Float>.self)
        let d2 = dx * dx + dy * dy
        // 10⁻³⁰ keeps log₂ away from 0 and subnormals (a coincident point then adds 0 · finite); it vanishes
        // beside any d² above 10⁻²³
        let safe = d2 + 1e-30
        let power = FastPower.pow(safe, b)
        let denominator = a * power + 1
        var coefficient = (2 * repulsion * b) / ((0.001 + safe) * denominator)
        var limit = SIMD8<Float>(repeating: 4)
        if pulls {
            coefficient = SIMD8.select(Self.firstLane, (-4 * a * b) * power / (safe * denominator), coefficient)
            limit = SIMD8.select(Self.firstLane, SIMD8(repeating: 8), limit)
        }
        var gx = coefficient * dx, gy = coefficient * dy
        gx = SIMD8.select(gx .> limit, limit, SIMD8.select(gx .< -limit, -limit, gx))
        gy = SIMD8.select(gy .> limit, limit, SIMD8.select(gy .< -limit, -limit, gy))
        return (gx.sum(), gy.sum())
    }
}
