import Foundation

/// The repulsive t-SNE forces by polynomial interpolation onto an equispaced grid and FFT convolution (Linderman
/// et al. 2019, FIt-SNE; openTSNE's `negative_gradient_method="fft"`).
///
/// The square around the embedding is cut into `boxes × boxes` boxes of side h, each with `nodes × nodes`
/// equispaced interpolation nodes. Every point spreads four charges (1, y₁, y₂, ‖y‖², coordinates taken from the
/// square's centre) onto the 9 nodes of its box with Lagrange weights; the node potentials are the charges
/// convolved with the kernel 1/(1 + d²)² (an FFT of the grid zero-padded to twice its size, two real grids packed
/// in one complex one); each point reads its potentials back with the same weights. Then, per point,
/// `Σ_j q_ij² (y_i − y_j) = y_i φ₁ − (φ₂, φ₃)` and `Σ_j q_ij = (1 + ‖y_i‖²) φ₁ − 2 y_i·(φ₂, φ₃) + φ₄ − 1`.
///
/// Points are spread box column by box column, each column's points in index order, and workers own whole box
/// columns, so the result does not depend on the thread count.
struct FFTRepulsion {
    /// Interpolation nodes per box and axis (FIt-SNE's default).
    static let nodes = 3
    /// The fewest boxes per axis (openTSNE's `min_num_intervals`).
    static let minimumBoxes = 50
    /// Boxes per unit of embedding length (openTSNE's `ints_in_interval` of 1).
    static let boxesPerUnit = 1.0

    private var gridRe: [Double] = [], gridIm: [Double] = []   // charges 0, 1 (real, imaginary)
    private var grid2Re: [Double] = [], grid2Im: [Double] = []  // charges 2, 3
    private var kernelRe: [Double] = [], kernelIm: [Double] = []
    private var scratchRe: [Double] = [], scratchIm: [Double] = []
    private var weights: [Double] = []   // per point: 3 x-weights, 3 y-weights
    private var cell: [Int32] = []       // per point: box x, box y
    private var byColumn: [Int32] = []   // points sorted by box column (stable)
    private var columnStart: [Int] = []

    /// The grid side (interpolation nodes per axis) and FFT length of the last call.
    private(set) var nodesPerAxis = 0, fftLength = 0

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
        let boxes = max(Self.minimumBoxes, Int(((hi - lo) * Self.boxesPerUnit).rounded(.up)))
        let p = Self.nodes
        let side = boxes * p
        let length = FFTPlan.fastLength(atLeast: 2 * side)
        nodesPerAxis = side
        fftLength = length
        let h = (hi - lo) / Double(boxes), spacing = h / Double(p)
        let centre = (lo + hi) / 2
        prepare(points: n, length: length, boxes: boxes)
        locate(y, n: n, lo: lo, h: h, boxes: boxes, threads: threads)
        spread(y, n: n, centre: centre, side: side, length: length, boxes: boxes, threads: threads)
        buildKernel(spacing: spacing, side: side, length: length, threads: threads)
        convolve(length: length, threads: threads)
        return gather(y, n: n, centre: centre, side: side, length: length, threads: threads, repulsion: repulsion)
    }

    // MARK: - Steps

    private mutating func prepare(points n: Int, length: Int, boxes: Int) {
        let cells = length * length
        if gridRe.count != cells {
            for buffer in [\FFTRepulsion.gridRe, \.gridIm, \.grid2Re, \.grid2Im, \.kernelRe, \.kernelIm,
                           \.scratchRe, \.scratchIm] {
                self[keyPath: buffer] = [Double](repeating: 0, count: cells)
            }
        } else {
            for buffer in [\FFTRepulsion.gridRe, \.gridIm, \.grid2Re, \.grid2Im] {
                self[keyPath: buffer].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            }
        }
        if weights.count != 6 * n {
            weights = .init(repeating: 0, count: 6 * n)
            cell = .init(repeating: 0, count: 2 * n)
            byColumn = .init(repeating: 0, count: n)
        }
        columnStart = .init(repeating: 0, count: boxes + 1)
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
                            // position inside the box in node spacings; nodes at 0.5, 1.5, 2.5
                            let t = (u - Double(box)) * Double(p)
                            let l0 = (t - 1.5) * (t - 2.5) / 2, l1 = -(t - 0.5) * (t - 2.5), l2 = (t - 0.5) * (t - 1.5) / 2
                            w[6 * i + 3 * axis] = l0; w[6 * i + 3 * axis + 1] = l1; w[6 * i + 3 * axis + 2] = l2
                        }
                    }
                }
            }
        }
        // counting sort by box column, stable (index order within a column)
        for i in 0..<n { columnStart[Int(cell[2 * i]) + 1] += 1 }
        for b in 0..<boxes { columnStart[b + 1] += columnStart[b] }
        var fill = columnStart
        for i in 0..<n {
            let b = Int(cell[2 * i])
            byColumn[fill[b]] = Int32(i)
            fill[b] += 1
        }
    }

    /// The four charges of every point onto its box's nodes: grid (x, y) at row x, column y of the padded grid.
    private mutating func spread(_ y: UnsafePointer<Double>, n: Int, centre: Double, side: Int, length: Int,
                                 boxes: Int, threads: Int) {
        let p = Self.nodes
        gridRe.withUnsafeMutableBufferPointer { g0 in
            gridIm.withUnsafeMutableBufferPointer { g1 in
                grid2Re.withUnsafeMutableBufferPointer { g2 in
                    grid2Im.withUnsafeMutableBufferPointer { g3 in
                        weights.withUnsafeBufferPointer { wb in
                            cell.withUnsafeBufferPointer { cb in
                                byColumn.withUnsafeBufferPointer { ob in
                                    columnStart.withUnsafeBufferPointer { sb in
                                        nonisolated(unsafe) let (a, b, c, d, w, box, order, start) =
                                            (g0.baseAddress!, g1.baseAddress!, g2.baseAddress!, g3.baseAddress!,
                                             wb.baseAddress!, cb.baseAddress!, ob.baseAddress!, sb.baseAddress!)
                                        Parallel.forEachRange(count: boxes, threads: threads, grain: 4) { columns in
                                            for s in start[columns.lowerBound]..<start[columns.upperBound] {
                                                let i = Int(order[s])
                                                let yx = y[2 * i] - centre, yy = y[2 * i + 1] - centre
                                                let q2 = yx * yx + yy * yy
                                                let gx = Int(box[2 * i]) * p, gy = Int(box[2 * i + 1]) * p
                                                for tx in 0..<p {
                                                    let wx = w[6 * i + tx]
                                                    let row = (gx + tx) * length + gy
                                                    for ty in 0..<p {
                                                        let wxy = wx * w[6 * i + 3 + ty]
                                                        a[row + ty] += wxy
                                                        b[row + ty] += wxy * yx
                                                        c[row + ty] += wxy * yy
                                                        d[row + ty] += wxy * q2
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
            }
        }
    }

    /// The kernel 1/(1 + d²)² at every grid offset, laid out circularly in the padded grid, and its transform.
    private mutating func buildKernel(spacing: Double, side: Int, length: Int, threads: Int) {
        kernelRe.withUnsafeMutableBufferPointer { kr in
            kernelIm.withUnsafeMutableBufferPointer { ki in
                nonisolated(unsafe) let (re, im) = (kr.baseAddress!, ki.baseAddress!)
                Parallel.forEachRange(count: length, threads: threads, grain: 16) { rows in
                    for r in rows {
                        // offset of row r: r for r < side, r − length for r > length − side, else none
                        let dx = r < side ? r : (r > length - side ? r - length : Int.max)
                        for col in 0..<length {
                            let dy = col < side ? col : (col > length - side ? col - length : Int.max)
                            var v = 0.0
                            if dx != Int.max && dy != Int.max {
                                let d2 = spacing * spacing * Double(dx * dx + dy * dy)
                                let q = 1 / (1 + d2)
                                v = q * q
                            }
                            re[r * length + col] = v
                            im[r * length + col] = 0
                        }
                    }
                }
            }
        }
        Self.transform2D(&kernelRe, &kernelIm, &scratchRe, &scratchIm, length: length, inverse: false, threads: threads)
    }

    /// Both packed charge grids: transform, multiply by the (real) kernel transform, transform back.
    private mutating func convolve(length: Int, threads: Int) {
        Self.transform2D(&gridRe, &gridIm, &scratchRe, &scratchIm, length: length, inverse: false, threads: threads)
        Self.transform2D(&grid2Re, &grid2Im, &scratchRe, &scratchIm, length: length, inverse: false, threads: threads)
        let scale = 1 / Double(length * length)
        Self.multiply(&gridRe, &gridIm, by: kernelRe, scale: scale)
        Self.multiply(&grid2Re, &grid2Im, by: kernelRe, scale: scale)
        Self.transform2D(&gridRe, &gridIm, &scratchRe, &scratchIm, length: length, inverse: true, threads: threads)
        Self.transform2D(&grid2Re, &grid2Im, &scratchRe, &scratchIm, length: length, inverse: true, threads: threads)
    }

    /// (re, im) ×= scale · kernel, element by element (the kernel's transform is real: it is even in both axes).
    private static func multiply(_ re: inout [Double], _ im: inout [Double], by kernel: [Double], scale: Double) {
        for e in kernel.indices {
            let k = kernel[e] * scale
            re[e] *= k
            im[e] *= k
        }
    }

    /// The potentials back at the points, and the forces and normalisation from them.
    private mutating func gather(_ y: UnsafePointer<Double>, n: Int, centre: Double, side: Int, length: Int,
                                 threads: Int, repulsion: UnsafeMutablePointer<Double>) -> Double {
        let p = Self.nodes
        var sums = [Double](repeating: 0, count: n)
        gridRe.withUnsafeBufferPointer { g0 in
            gridIm.withUnsafeBufferPointer { g1 in
                grid2Re.withUnsafeBufferPointer { g2 in
                    grid2Im.withUnsafeBufferPointer { g3 in
                        weights.withUnsafeBufferPointer { wb in
                            cell.withUnsafeBufferPointer { cb in
                                sums.withUnsafeMutableBufferPointer { zb in
                                    nonisolated(unsafe) let (a, b, c, d, w, box, z, rep) =
                                        (g0.baseAddress!, g1.baseAddress!, g2.baseAddress!, g3.baseAddress!,
                                         wb.baseAddress!, cb.baseAddress!, zb.baseAddress!, repulsion)
                                    Parallel.forEachRange(count: n, threads: threads, grain: 2048) { range in
                                        for i in range {
                                            let gx = Int(box[2 * i]) * p, gy = Int(box[2 * i + 1]) * p
                                            var f1 = 0.0, f2 = 0.0, f3 = 0.0, f4 = 0.0
                                            for tx in 0..<p {
                                                let wx = w[6 * i + tx]
                                                let row = (gx + tx) * length + gy
                                                for ty in 0..<p {
                                                    let wxy = wx * w[6 * i + 3 + ty]
                                                    f1 += wxy * a[row + ty]; f2 += wxy * b[row + ty]
                                                    f3 += wxy * c[row + ty]; f4 += wxy * d[row + ty]
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
                }
            }
        }
        var z = 0.0
        for i in 0..<n { z += sums[i] }
        return z
    }

    // MARK: - 2-D transform

    /// The 2-D FFT of a `length × length` grid: along rows of elements (columns split over workers), transpose,
    /// again, transpose back.
    private static func transform2D(_ re: inout [Double], _ im: inout [Double], _ scratchRe: inout [Double],
                                    _ scratchIm: inout [Double], length: Int, inverse: Bool, threads: Int) {
        let plan = FFTPlan(length)
        for _ in 0..<2 {
            re.withUnsafeMutableBufferPointer { rb in
                im.withUnsafeMutableBufferPointer { ib in
                    scratchRe.withUnsafeMutableBufferPointer { sr in
                        scratchIm.withUnsafeMutableBufferPointer { si in
                            nonisolated(unsafe) let (r, i, a, b) = (rb.baseAddress!, ib.baseAddress!, sr.baseAddress!, si.baseAddress!)
                            Parallel.forEachChunk(count: length, threads: threads, minimumChunk: 8) { _, columns in
                                plan.transform(re: r, im: i, width: length, columns: columns, inverse: inverse,
                                               scratchRe: a, scratchIm: b)
                            }
                        }
                    }
                }
            }
            transpose(&re, length: length, scratch: &scratchRe, threads: threads)
            transpose(&im, length: length, scratch: &scratchIm, threads: threads)
        }
    }

    /// Transposes a square grid through `scratch` (then swapped in).
    private static func transpose(_ a: inout [Double], length: Int, scratch: inout [Double], threads: Int) {
        a.withUnsafeBufferPointer { ab in
            scratch.withUnsafeMutableBufferPointer { sb in
                nonisolated(unsafe) let (src, dst) = (ab.baseAddress!, sb.baseAddress!)
                let tile = 32
                Parallel.forEachRange(count: (length + tile - 1) / tile, threads: threads, grain: 1) { tiles in
                    for t in tiles {
                        let r0 = t * tile, r1 = min(length, r0 + tile)
                        var c0 = 0
                        while c0 < length {
                            let c1 = min(length, c0 + tile)
                            for r in r0..<r1 { for c in c0..<c1 { dst[c * length + r] = src[r * length + c] } }
                            c0 = c1
                        }
                    }
                }
            }
        }
        swap(&a, &scratch)
    }
}
