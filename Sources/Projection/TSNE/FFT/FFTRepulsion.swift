import Foundation
import Tensors

/// The repulsive t-SNE forces by polynomial interpolation onto an equispaced grid and FFT convolution (Linderman
/// et al. 2019, FIt-SNE; openTSNE's `negative_gradient_method="fft"`).
///
/// The square around the embedding is cut into `boxes × boxes` boxes of side h, each interpolated on `nodes ×
/// nodes` equispaced nodes that include the box's edges (neighbouring boxes share their edge nodes, so the grid
/// has `(nodes − 1)·boxes + 1` nodes per axis). Every point spreads four charges (1, y₁, y₂, ‖y‖², coordinates
/// taken from the square's centre) onto the nodes of its box with Lagrange weights; the node potentials are the
/// charges convolved with the kernel 1/(1 + d²)² (`FFTGridConvolution`); each point reads its potentials back
/// with the same weights. Then, per point, `Σ_j q_ij² (y_i − y_j) = y_i φ₁ − (φ₂, φ₃)` and
/// `Σ_j q_ij = (1 + ‖y_i‖²) φ₁ − 2 y_i·(φ₂, φ₃) + φ₄ − 1`.
///
/// FIt-SNE puts its nodes at the centres of `nodes` sub-intervals, so points near a box's edge are extrapolated;
/// with the edges as nodes every point lies inside its nodes' span, and the same accuracy needs fewer nodes
/// (measured on Fashion-MNIST 10,000: docs/benchmarks.md).
///
/// Grid size: at least `minimumBoxes` boxes spread over the embedding; once that makes boxes wider than
/// `1 / boxesPerUnit`, boxes of exactly that width, as many as cover the embedding. The padded transform length
/// is rounded up to a product of 2s and 3s, and the box count then up to what that length holds. With a fixed
/// box width the kernel's transform is reused until the grid grows.
///
/// Points are spread box by box in a fixed order of fixed chunks of box columns (even chunks at once, then odd
/// ones, as neighbouring chunks share a node column), so the result does not depend on the thread count.
struct FFTRepulsion {
    /// Interpolation nodes per box and axis, edges included.
    static let nodes = 3
    /// The fewest boxes per axis.
    static let minimumBoxes = 50
    /// The most boxes per unit of embedding length.
    static let boxesPerUnit = 1.25
    /// Box columns per spreading chunk.
    static let chunkColumns = 4

    private var grid: FFTGridConvolution?
    private var weights: [Double] = []   // per point: `nodes` x-weights, `nodes` y-weights
    private var cell: [Int32] = []       // per point: box x, box y
    private var byBox: [Int32] = []      // points sorted by box (column-major box index, stable)
    private var boxStart: [Int] = []     // per box: where its points start in `byBox` (boxes² + 1)

    /// The transform length of the last call (0 before the first).
    var fftLength: Int { grid?.length ?? 0 }

    /// The box count and the padded half-length for an embedding of extent `extent`.
    static func layout(extent: Double) -> (boxes: Int, half: Int) {
        let wanted = Int(min(max(Double(minimumBoxes), (extent * boxesPerUnit).rounded(.up)), 1e6))
        // the convolution needs a length 2·half ≥ 2·(nodes per axis) − 1, i.e. half ≥ nodes per axis; the box
        // count then grows to what half holds
        let half = FFTPlan.fastLength(atLeast: (nodes - 1) * wanted + 1)
        return ((half - 1) / (nodes - 1), half)
    }

    /// Writes `Σ_j q_ij² (y_i − y_j)` for every point to `repulsion` (2 per point) and returns `Z = Σ_{i≠j} q_ij`.
    mutating func compute(_ y: UnsafePointer<Double>, n: Int, threads: Int,
                          repulsion: UnsafeMutablePointer<Double>) -> Double {
        // the square around the points
        var lo = Double.infinity, hi = -Double.infinity
        for i in 0..<(2 * n) { lo = min(lo, y[i]); hi = max(hi, y[i]) }
        guard hi > lo else {
            for i in 0..<(2 * n) { repulsion[i] = 0 }
            return Double(n) * Double(n - 1)   // every q is 1
        }
        let extent = hi - lo, centre = (lo + hi) / 2
        let (boxes, half) = Self.layout(extent: extent)
        let fixedWidth = extent * Self.boxesPerUnit > Double(Self.minimumBoxes)
        let h = fixedWidth ? 1 / Self.boxesPerUnit : extent / Double(boxes)
        let spacing = h / Double(Self.nodes - 1)
        if grid?.side != half { grid = nil; grid = FFTGridConvolution(side: half) }
        let grid = self.grid!
        prepare(points: n, boxes: boxes)
        locate(y, n: n, lo: centre - h * Double(boxes) / 2, h: h, boxes: boxes, threads: threads)
        if grid.kernelSpacing != spacing { grid.setKernel(spacing: spacing, threads: threads) }
        grid.clearCharges(threads: threads)
        spread(y, n: n, centre: centre, grid: grid, boxes: boxes, threads: threads)
        grid.convolve(threads: threads)
        return gather(y, n: n, centre: centre, grid: grid, threads: threads, repulsion: repulsion)
    }

    // MARK: - Steps

    private mutating func prepare(points n: Int, boxes: Int) {
        if weights.count != 2 * Self.nodes * n {
            weights = .init(repeating: 0, count: 2 * Self.nodes * n)
            cell = .init(repeating: 0, count: 2 * n)
            byBox = .init(repeating: 0, count: n)
        }
        if boxStart.count != boxes * boxes + 1 {
            boxStart = .init(repeating: 0, count: boxes * boxes + 1)
        } else {
            boxStart.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }

    /// Each point's box and its Lagrange weights on the box's nodes; points sorted by box column.
    private mutating func locate(_ y: UnsafePointer<Double>, n: Int, lo: Double, h: Double, boxes: Int, threads: Int) {
        let p = Self.nodes
        weights.withUnsafeMutableBufferPointer { wb in
            cell.withUnsafeMutableBufferPointer { cb in
                nonisolated(unsafe) let (w, c) = (wb.baseAddress!, cb.baseAddress!)
                Parallel.forEachRange(count: n, threads: threads, grain: 4096) { range in
                    for i in range {
                        for axis in 0..<2 {
                            let u = (y[2 * i + axis] - lo) / h
                            let box = min(boxes - 1, max(0, Int(u)))
                            c[2 * i + axis] = Int32(box)
                            // position inside the box in node spacings; nodes at 0, 1, …, p − 1
                            let t = (u - Double(box)) * Double(p - 1)
                            for j in 0..<p {
                                var l = 1.0
                                for m in 0..<p where m != j { l *= (t - Double(m)) / Double(j - m) }
                                w[2 * p * i + p * axis + j] = l
                            }
                        }
                    }
                }
            }
        }
        // counting sort by box (box x, then box y), stable: a box's points touch the same nodes one after another
        @inline(__always) func boxIndex(_ i: Int) -> Int { Int(cell[2 * i]) * boxes + Int(cell[2 * i + 1]) }
        for i in 0..<n { boxStart[boxIndex(i) + 1] += 1 }
        for b in 0..<(boxes * boxes) { boxStart[b + 1] += boxStart[b] }
        var fill = boxStart
        for i in 0..<n {
            let b = boxIndex(i)
            byBox[fill[b]] = Int32(i)
            fill[b] += 1
        }
    }

    /// The four charges of every point onto its box's nodes: node (x, y) at `x·side + y` of each charge grid.
    private func spread(_ y: UnsafePointer<Double>, n: Int, centre: Double, grid: FFTGridConvolution, boxes: Int,
                        threads: Int) {
        let p = Self.nodes, side = grid.side, chunk = Self.chunkColumns
        let chunks = (boxes + chunk - 1) / chunk
        weights.withUnsafeBufferPointer { wb in
            cell.withUnsafeBufferPointer { cb in
                byBox.withUnsafeBufferPointer { ob in
                    boxStart.withUnsafeBufferPointer { sb in
                        nonisolated(unsafe) let (a, b, c, d, w, box, order, start) =
                            (grid.re0, grid.im0, grid.re1, grid.im1,
                             wb.baseAddress!, cb.baseAddress!, ob.baseAddress!, sb.baseAddress!)
                        for parity in 0..<2 {
                            Parallel.forEach(count: (chunks + 1 - parity) / 2, threads: threads, grain: 1) { k in
                                let first = (2 * k + parity) * chunk, last = min(boxes, first + chunk)
                                for s in start[first * boxes]..<start[last * boxes] {
                                    let i = Int(order[s])
                                    let yx = y[2 * i] - centre, yy = y[2 * i + 1] - centre
                                    let q2 = yx * yx + yy * yy
                                    let gx = Int(box[2 * i]) * (p - 1), gy = Int(box[2 * i + 1]) * (p - 1)
                                    for tx in 0..<p {
                                        let wx = w[2 * p * i + tx]
                                        let row = (gx + tx) * side + gy
                                        for ty in 0..<p {
                                            let wxy = wx * w[2 * p * i + p + ty]
                                            a[row + ty] += Float(wxy)
                                            b[row + ty] += Float(wxy * yx)
                                            c[row + ty] += Float(wxy * yy)
                                            d[row + ty] += Float(wxy * q2)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The potentials back at the points, and the forces and normalisation from them.
    private func gather(_ y: UnsafePointer<Double>, n: Int, centre: Double, grid: FFTGridConvolution, threads: Int,
                        repulsion: UnsafeMutablePointer<Double>) -> Double {
        let p = Self.nodes, side = grid.side
        var sums = [Double](repeating: 0, count: n)
        weights.withUnsafeBufferPointer { wb in
            cell.withUnsafeBufferPointer { cb in
                byBox.withUnsafeBufferPointer { ob in
                sums.withUnsafeMutableBufferPointer { zb in
                    nonisolated(unsafe) let (a, b, c, d, w, box, z, rep, order) =
                        (grid.re0, grid.im0, grid.re1, grid.im1,
                         wb.baseAddress!, cb.baseAddress!, zb.baseAddress!, repulsion, ob.baseAddress!)
                    // in box order, so neighbouring reads hit the same nodes
                    Parallel.forEachRange(count: n, threads: threads, grain: 2048) { range in
                        for s in range {
                            let i = Int(order[s])
                            let gx = Int(box[2 * i]) * (p - 1), gy = Int(box[2 * i + 1]) * (p - 1)
                            var f1 = 0.0, f2 = 0.0, f3 = 0.0, f4 = 0.0
                            for tx in 0..<p {
                                let wx = w[2 * p * i + tx]
                                let row = (gx + tx) * side + gy
                                for ty in 0..<p {
                                    let wxy = wx * w[2 * p * i + p + ty]
                                    f1 += wxy * Double(a[row + ty]); f2 += wxy * Double(b[row + ty])
                                    f3 += wxy * Double(c[row + ty]); f4 += wxy * Double(d[row + ty])
                                }
                            }
                            let yx = y[2 * i] - centre, yy = y[2 * i + 1] - centre
                            rep[2 * i] = yx * f1 - f2
                            rep[2 * i + 1] = yy * f1 - f3
                            z[i] = (1 + yx * yx + yy * yy) * f1 - 2 * (yx * f2 + yy * f3) + f4 - 1
                        }
                    }
                }
                }
            }
        }
        var z = 0.0
        for i in 0..<n { z += sums[i] }
        return z
    }
}
