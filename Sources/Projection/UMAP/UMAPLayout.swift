import Foundation

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
                            for i in (range.lowerBound + start)..<(range.upperBound + start) {
                                movePoint(i, epoch: epoch, alpha: alpha, previous: previous, current: current)
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
    /// A sampled edge's pull and its negative samples' pushes are computed together from the point's position
    /// before them, eight at a time, and added; one after the other (as umap-learn does) each would wait for
    /// the last, and that chain of divisions and polynomials cost about 6× the time.
    @inline(__always)
    private func movePoint(_ i: Int, epoch: Int, alpha: Float, previous: UnsafePointer<Float>,
                           current: UnsafeMutablePointer<Float>) {
        let n = graph.rows
        var x = previous[2 * i], y = previous[2 * i + 1]
        let rowStart = graph.rowStart[i], rowEnd = graph.rowStart[i + 1]
        let now = Float(epoch), before = Float(epoch - 1)
        let a = self.a, b = self.b
        let attraction = -2 * a * b, repulsionScale = 2 * repulsion * b
        var rng = SeededGenerator(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(i) &* 0xD1B5_4A32_D192_ED03))
        graph.columns.withUnsafeBufferPointer { columns in
            rate.withUnsafeBufferPointer { rate in
                for p in rowStart..<rowEnd {
                    let r = rate[p]
                    // sampled when ⌊epoch·r⌋ grows (r ≤ 1, so at most once an epoch)
                    guard Int32(now * r) > Int32(before * r) else { continue }
                    let j = Int(columns[p])
                    // the edge's other end, then the negative samples, eight at a time from the same position
                    var remaining = negativeSamples
                    var first = true
                    while first || remaining > 0 {
                        let pulls = first ? 1 : 0
                        let take = min(remaining, 8 - pulls)
                        var sx: Float = 0, sy: Float = 0
                        for lane in 0..<(pulls + take) {
                            let pull = lane < pulls
                            let k = pull ? j : Int((UInt64(UInt32(truncatingIfNeeded: rng.next() >> 32)) &* UInt64(n)) >> 32)
                            if k == i && !pull { continue }
                            let dx = x - previous[2 * k], dy = y - previous[2 * k + 1]
                            let d2 = dx * dx + dy * dy
                            guard d2 >= .leastNormalMagnitude else { continue }
                            let power = FastPower.pow(d2, b)
                            let denominator = a * power + 1
                            // pulled twice: umap-learn pulls each end once per direction of the edge
                            let coefficient = pull ? 2 * attraction * power / (d2 * denominator)
                                                   : repulsionScale / ((0.001 + d2) * denominator)
                            let limit: Float = pull ? 8 : 4
                            sx += min(max(coefficient * dx, -limit), limit)
                            sy += min(max(coefficient * dy, -limit), limit)
                        }
                        remaining -= take
                        x += alpha * sx
                        y += alpha * sy
                        first = false
                    }
                }
            }
        }
        current[2 * i] = x
        current[2 * i + 1] = y
    }

}
