import Tensors

/// Column means and the sample covariance of a data matrix, computed from centred data.
///
/// The data are centred in float32 (means accumulated in float64) before the product, so the covariance does not
/// suffer the cancellation of `XᵀX − nμμᵀ`. Only the upper triangle of `XcᵀXc` is formed, by a rank-k update
/// (SYRK; the matrix is symmetric): half the work of a general product.
enum Covariance {
    /// Column means of the row-major `rows × cols` matrix: float32 partial sums over 32 rows, added in float64,
    /// over `floatGramLanes` lanes of rows (from two row blocks on) whose sums are added in lane order; with more
    /// than one thread the lanes run side by side. The lanes depend on the row count only.
    static func columnMeans(_ x: UnsafePointer<Float>, rows: Int, cols: Int, threads: Int = 1) -> [Double] {
        let lanes = min(floatGramLanes, max(1, rows / floatGramRowBlock))
        var sums = [Double](repeating: 0, count: lanes * cols)
        var partials = [Float](repeating: 0, count: lanes * cols)
        sums.withUnsafeMutableBufferPointer { sb in
            partials.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let (x, sums, partials) = (x, sb.baseAddress!, pb.baseAddress!)
                Parallel.forEach(count: lanes, threads: min(threads, lanes), grain: 1) { lane in
                    let s = sums + lane * cols, p = partials + lane * cols
                    let laneRows = Parallel.range(chunk: lane, of: lanes, count: rows)
                    var r = laneRows.lowerBound
                    while r < laneRows.upperBound {
                        let end = min(laneRows.upperBound, r + 32)
                        for c in 0..<cols { p[c] = 0 }
                        for row in r..<end {
                            let src = x + row * cols
                            for c in 0..<cols { p[c] += src[c] }
                        }
                        for c in 0..<cols { s[c] += Double(p[c]) }
                        r = end
                    }
                }
            }
        }
        return (0..<cols).map { c in (0..<lanes).reduce(0.0) { $0 + sums[$1 * cols + c] } / Double(rows) }
    }

    /// Below this many multiply-adds (rows × cols²) the product runs in float64; above, in float32, whose
    /// rounding (about 10⁻⁷ of the largest eigenvalue) only shows in the smallest eigenvalues.
    static let float64Limit = 200_000_000

    /// The row-major `cols × cols` sample covariance (divided by `rows − 1`, or 1 for one row), the column means
    /// of `x`, and the total variance (the covariance trace).
    ///
    /// - Parameter float64: force the product's precision (tests); by default it depends on the size.
    static func compute(_ x: [Float], rows: Int, cols: Int, float64: Bool? = nil,
                        threads: Int = 1) -> (covariance: [Double], mean: [Double], total: Double) {
        x.withUnsafeBufferPointer { compute($0, rows: rows, cols: cols, float64: float64, threads: threads) }
    }

    /// `compute` over the elements of any buffer (a mapped file's, for example).
    static func compute(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, float64: Bool? = nil,
                        threads: Int = 1) -> (covariance: [Double], mean: [Double], total: Double) {
        let mean = columnMeans(x.baseAddress!, rows: rows, cols: cols, threads: threads)
        let divisor = Double(max(rows - 1, 1))
        var cov = float64 ?? (rows * cols * cols <= float64Limit)
            ? doubleGram(x, rows: rows, cols: cols, mean: mean)
            : floatGram(x, rows: rows, cols: cols, mean: mean, threads: threads)
        var total = 0.0
        for i in 0..<cols {
            for j in i..<cols {
                let v = cov[i * cols + j] / divisor
                cov[i * cols + j] = v
                cov[j * cols + i] = v
            }
            total += cov[i * cols + i]
        }
        return (cov, mean, total)
    }

    /// Rows centred and multiplied at a time by `floatGram`: a few MB of scratch instead of a centred copy of the
    /// whole matrix, whose first-touch page faults cost as much as a third of the product.
    static let floatGramRowBlock = 4096

    /// Row lanes of `floatGram`: each lane centres and multiplies its own rows; with more than one thread the lanes
    /// run side by side with OpenBLAS on one thread inside each, so the centring runs on both cores too and no
    /// OpenBLAS worker waits (in `sched_yield`) for the next block while the caller centres it. The lanes depend
    /// on the row count only, and their products are added in lane order.
    static let floatGramLanes = 2

    /// The upper triangle of `XcᵀXc` with `Xc` centred in float32, block by block of rows, and accumulated by
    /// `ssyrk`, over `floatGramLanes` lanes of rows.
    private static func floatGram(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, mean: [Double],
                                  threads: Int) -> [Double] {
        let meanF = mean.map { Float($0) }
        let lanes = min(floatGramLanes, max(1, rows / floatGramRowBlock))
        let blockRows = min(rows, floatGramRowBlock)
        var centred = [Float](repeating: 0, count: lanes * blockRows * cols)
        var products = [Float](repeating: 0, count: lanes * cols * cols)
        meanF.withUnsafeBufferPointer { mb in
            centred.withUnsafeMutableBufferPointer { cb in
                products.withUnsafeMutableBufferPointer { pb in
                    nonisolated(unsafe) let (m, scratch, product) = (mb.baseAddress!, cb.baseAddress!, pb.baseAddress!)
                    nonisolated(unsafe) let source = x.baseAddress!
                    let lane = { (lane: Int) in
                        let laneRows = Parallel.range(chunk: lane, of: lanes, count: rows)
                        let dst = scratch + lane * blockRows * cols, c = product + lane * cols * cols
                        var start = laneRows.lowerBound
                        while start < laneRows.upperBound {
                            let count = min(blockRows, laneRows.upperBound - start)
                            for r in 0..<count {
                                let a = source + (start + r) * cols, b = dst + r * cols
                                for j in 0..<cols { b[j] = a[j] - m[j] }
                            }
                            Linalg.ssyrkUpperTransposed(n: cols, k: count, a: dst, lda: cols,
                                                        beta: start == laneRows.lowerBound ? 0 : 1, c: c, ldc: cols)
                            start += count
                        }
                    }
                    if lanes == 1 || threads == 1 {
                        for l in 0..<lanes { lane(l) }
                    } else {
                        Linalg.singleThreaded { Parallel.forEach(count: lanes, threads: threads, grain: 1, lane) }
                    }
                }
            }
        }
        var gram = [Double](repeating: 0, count: cols * cols)
        for l in 0..<lanes {
            for i in 0..<cols {
                for j in i..<cols { gram[i * cols + j] += Double(products[l * cols * cols + i * cols + j]) }
            }
        }
        return gram
    }

    /// The upper triangle of `XcᵀXc` with `Xc` centred and multiplied in float64.
    private static func doubleGram(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, mean: [Double]) -> [Double] {
        let centred = [Double](unsafeUninitializedCapacity: rows * cols) { buffer, initialised in
            mean.withUnsafeBufferPointer { mb in
                let src = x.baseAddress!, dst = buffer.baseAddress!, m = mb.baseAddress!
                for r in 0..<rows {
                    let a = src + r * cols, b = dst + r * cols
                    for c in 0..<cols { b[c] = Double(a[c]) - m[c] }
                }
            }
            initialised = rows * cols
        }
        var product = [Double](repeating: 0, count: cols * cols)
        centred.withUnsafeBufferPointer { cb in
            product.withUnsafeMutableBufferPointer { pb in
                Linalg.dsyrkUpperTransposed(n: cols, k: rows, a: cb.baseAddress!, lda: cols,
                                            c: pb.baseAddress!, ldc: cols)
            }
        }
        return product
    }
}
