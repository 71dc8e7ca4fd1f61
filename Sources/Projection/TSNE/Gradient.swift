import Foundation
import Tensors

/// The t-SNE gradient and KL divergence, in openTSNE's convention: for a point i,
/// `∂_i = α Σ_j p_ij q_ij (y_i − y_j) − (1/Z) Σ_j q_ij² (y_i − y_j)` with `q_ij = 1/(1 + ‖y_i − y_j‖²)`,
/// `Z = Σ_{i≠j} q_ij` and exaggeration α (the true KL gradient is four times this; the learning rate absorbs it).
///
/// `KL(P‖Q) = Σ p_ij log(p_ij (1 + d_ij²)) + log Z` over the stored entries of P (which sums to 1).
enum TSNEGradient {
    /// Reusable buffers for the Barnes–Hut gradient.
    struct Workspace {
        var tree = QuadTree()
        var repulsion: [Double] = []
        var sumQ: [Double] = []
        var klTerms: [Double] = []
        var interpolation = FFTRepulsion()

        init(points: Int) {
            repulsion = .init(repeating: 0, count: 2 * points)
            sumQ = .init(repeating: 0, count: points)
            klTerms = .init(repeating: 0, count: points)
        }
    }

    /// The Barnes–Hut gradient of the row-major `n × 2` embedding `y`, written to `gradient`.
    ///
    /// Per-point results land in per-point slots and are summed in index order, so the output does not depend on
    /// the thread count. Returns the KL divergence when `computeKL` is set (Z from the same approximation).
    static func barnesHut(_ y: UnsafePointer<Double>, n: Int, affinities p: SparseAffinities, exaggeration: Double,
                          theta: Double, threads: Int, workspace ws: inout Workspace,
                          gradient: UnsafeMutablePointer<Double>, computeKL: Bool) -> Double? {
        ws.tree.build(y, count: n)
        let theta2 = theta * theta
        ws.repulsion.withUnsafeMutableBufferPointer { rb in
            ws.sumQ.withUnsafeMutableBufferPointer { qb in
                ws.tree.nodes.withUnsafeBufferPointer { nb in
                    ws.tree.sideSquared.withUnsafeBufferPointer { sb in
                        ws.tree.order.withUnsafeBufferPointer { ob in
                            ws.tree.leafOf.withUnsafeBufferPointer { lb in
                                nonisolated(unsafe) let (rep, sq, nodes, side2, order, leafOf) =
                                    (rb.baseAddress!, qb.baseAddress!, nb.baseAddress!, sb.baseAddress!,
                                     ob.baseAddress!, lb.baseAddress!)
                                let nodeCount = nb.count
                                Parallel.forEachRange(count: n, threads: threads, grain: 256) { range in
                                    for s in range {
                                        let i = Int(order[s])
                                        let r = repulsion(x: y[2 * i], y: y[2 * i + 1], ownLeaf: leafOf[i],
                                                          nodes: nodes, nodeCount: nodeCount, sideSquared: side2,
                                                          theta2: theta2)
                                        rep[2 * i] = r.fx
                                        rep[2 * i + 1] = r.fy
                                        sq[i] = r.sumQ
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var z = 0.0
        for i in 0..<n { z += ws.sumQ[i] }
        return attract(y, n: n, affinities: p, exaggeration: exaggeration, z: z, repulsion: ws.repulsion,
                       threads: threads, klTerms: &ws.klTerms, gradient: gradient, computeKL: computeKL)
    }

    /// The FFT-interpolation gradient of the row-major `n × 2` embedding `y` (FIt-SNE), written to `gradient`;
    /// the KL divergence when `computeKL` is set (Z from the same interpolation). Does not depend on the thread
    /// count.
    static func interpolated(_ y: UnsafePointer<Double>, n: Int, affinities p: SparseAffinities, exaggeration: Double,
                             threads: Int, workspace ws: inout Workspace, gradient: UnsafeMutablePointer<Double>,
                             computeKL: Bool) -> Double? {
        let z = ws.repulsion.withUnsafeMutableBufferPointer { rb in
            ws.interpolation.compute(y, n: n, threads: threads, repulsion: rb.baseAddress!)
        }
        return attract(y, n: n, affinities: p, exaggeration: exaggeration, z: z, repulsion: ws.repulsion,
                       threads: threads, klTerms: &ws.klTerms, gradient: gradient, computeKL: computeKL)
    }

    /// The gradient by `method` (`.auto` resolved by the caller).
    static func compute(_ method: TSNEOptions.Gradient, _ y: UnsafePointer<Double>, n: Int, affinities p: SparseAffinities,
                        exaggeration: Double, theta: Double, threads: Int, workspace ws: inout Workspace,
                        gradient: UnsafeMutablePointer<Double>, computeKL: Bool) -> Double? {
        switch method {
        case .fft:
            return interpolated(y, n: n, affinities: p, exaggeration: exaggeration, threads: threads, workspace: &ws,
                                gradient: gradient, computeKL: computeKL)
        case .bh, .auto:
            return barnesHut(y, n: n, affinities: p, exaggeration: exaggeration, theta: theta, threads: threads,
                             workspace: &ws, gradient: gradient, computeKL: computeKL)
        }
    }

    /// Σ over the tree of q² (y_i − com)·count and Σ q·count for one point, skipping the point itself: a forward
    /// scan of the pre-order nodes that jumps past every summarised cell.
    @inline(__always)
    static func repulsion(x px: Double, y py: Double, ownLeaf: Int32, nodes: UnsafePointer<QuadTree.Node>, nodeCount: Int,
                          sideSquared: UnsafePointer<Double>, theta2: Double) -> (fx: Double, fy: Double, sumQ: Double) {
        var fx = 0.0, fy = 0.0, sumQ = 0.0
        var i = 0
        while i < nodeCount {
            let node = nodes[i]
            let dx = px - node.x, dy = py - node.y
            let d2 = dx * dx + dy * dy
            var weight = Double(node.count)
            if node.isLeaf {
                if i == Int(ownLeaf) { weight -= 1 }   // the point itself (its duplicates still count)
            } else if !(sideSquared[Int(node.level)] < theta2 * d2) {
                i += 1   // open the cell: its first child is next
                continue
            }
            i = Int(node.skip)
            let q = 1 / (1 + d2)
            sumQ += weight * q
            let wq2 = weight * q * q
            fx += wq2 * dx
            fy += wq2 * dy
        }
        return (fx, fy, sumQ)
    }

    /// Adds the attractive forces to the normalised repulsion, writing the gradient; returns KL if asked.
    static func attract(_ y: UnsafePointer<Double>, n: Int, affinities p: SparseAffinities, exaggeration: Double,
                        z: Double, repulsion: [Double], threads: Int, klTerms: inout [Double],
                        gradient: UnsafeMutablePointer<Double>, computeKL: Bool) -> Double? {
        let invZ = z > 0 ? 1 / z : 0
        p.rowStart.withUnsafeBufferPointer { sb in
            p.columns.withUnsafeBufferPointer { cb in
                p.values.withUnsafeBufferPointer { vb in
                    repulsion.withUnsafeBufferPointer { rb in
                        klTerms.withUnsafeMutableBufferPointer { kb in
                            nonisolated(unsafe) let (start, cols, vals, rep, kl, grad) =
                                (sb.baseAddress!, cb.baseAddress!, vb.baseAddress!, rb.baseAddress!, kb.baseAddress!, gradient)
                            Parallel.forEachRange(count: n, threads: threads, grain: 512) { range in
                                for i in range {
                                    let f = attraction(of: i, y: y, from: start[i], to: start[i + 1], columns: cols,
                                                       values: vals, computeKL: computeKL)
                                    grad[2 * i] = exaggeration * f.x - rep[2 * i] * invZ
                                    grad[2 * i + 1] = exaggeration * f.y - rep[2 * i + 1] * invZ
                                    kl[i] = f.kl
                                }
                            }
                        }
                    }
                }
            }
        }
        guard computeKL else { return nil }
        var kl = 0.0
        for i in 0..<n { kl += klTerms[i] }
        return kl + p.sum * log(max(z, .leastNormalMagnitude))
    }

    /// `Σ_j p_ij q_ij (y_i − y_j)` over row i's stored entries `from..<to`, and its KL terms when asked.
    ///
    /// Two entries at a time in SIMD registers: a point's (x, y) is one two-lane load, and the two divisions
    /// (the slowest step) are one instruction. The plain loop compiled to scalar code.
    @inline(__always)
    static func attraction(of i: Int, y: UnsafePointer<Double>, from: Int, to end: Int, columns cols: UnsafePointer<Int32>,
                           values vals: UnsafePointer<Float>, computeKL: Bool) -> (x: Double, y: Double, kl: Double) {
        @inline(__always) func point(_ j: Int) -> SIMD2<Double> {
            UnsafeRawPointer(y + 2 * j).loadUnaligned(as: SIMD2<Double>.self)
        }
        let yi = point(i)
        var acc0 = SIMD2<Double>.zero, acc1 = SIMD2<Double>.zero
        var klSum = 0.0
        var e = from
        while e + 2 <= end {
            let d0 = yi - point(Int(cols[e])), d1 = yi - point(Int(cols[e + 1]))
            let s0 = d0 * d0, s1 = d1 * d1
            let w = 1 + SIMD2(s0.x, s1.x) + SIMD2(s0.y, s1.y)
            let pij = SIMD2(Double(vals[e]), Double(vals[e + 1]))
            let pq = pij / w
            acc0 += d0 * pq.x
            acc1 += d1 * pq.y
            if computeKL {
                if pij.x > 0 { klSum += pij.x * log(pij.x * w.x) }
                if pij.y > 0 { klSum += pij.y * log(pij.y * w.y) }
            }
            e += 2
        }
        if e < end {
            let d = yi - point(Int(cols[e]))
            let w = 1 + d.x * d.x + d.y * d.y
            let pij = Double(vals[e])
            acc0 += d * (pij / w)
            if computeKL && pij > 0 { klSum += pij * log(pij * w) }
        }
        let a = acc0 + acc1
        return (a.x, a.y, klSum)
    }

    /// The exact O(N²) gradient and KL divergence (reference for tests and small data).
    static func exact(_ y: [Double], affinities p: SparseAffinities, exaggeration: Double) -> (kl: Double, gradient: [Double]) {
        let n = y.count / 2
        var rep = [Double](repeating: 0, count: 2 * n)
        var z = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let q = 1 / (1 + dx * dx + dy * dy)
                z += q
                rep[2 * i] += q * q * dx
                rep[2 * i + 1] += q * q * dy
            }
        }
        var gradient = [Double](repeating: 0, count: 2 * n)
        var terms = [Double](repeating: 0, count: n)
        let kl = y.withUnsafeBufferPointer { yb in
            gradient.withUnsafeMutableBufferPointer { gb in
                attract(yb.baseAddress!, n: n, affinities: p, exaggeration: exaggeration, z: z, repulsion: rep,
                        threads: 1, klTerms: &terms, gradient: gb.baseAddress!, computeKL: true)
            }
        }
        return (kl ?? 0, gradient)
    }
}
