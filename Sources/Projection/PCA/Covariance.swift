import Tensors

/// Column means and the sample covariance of a data matrix, computed from centred data.
///
/// The data are centred in float32 (means accumulated in float64) before the product, so the covariance does not
/// suffer the cancellation of `XᵀX − nμμᵀ`. Only the upper block triangle of `XcᵀXc` is formed with GEMM (the
/// matrix is symmetric), which nearly halves the work for wide data.
enum Covariance {
    /// Column means of the row-major `rows × cols` matrix: float32 partial sums over 32 rows, added in float64.
    static func columnMeans(_ x: UnsafePointer<Float>, rows: Int, cols: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: cols)
        var partial = [Float](repeating: 0, count: cols)
        sum.withUnsafeMutableBufferPointer { s in
            partial.withUnsafeMutableBufferPointer { p in
                var r = 0
                while r < rows {
                    let end = min(rows, r + 32)
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
        return sum.map { $0 / Double(rows) }
    }

    /// Below this many multiply-adds (rows × cols²) the product runs in float64; above, in float32, whose
    /// rounding (about 10⁻⁷ of the largest eigenvalue) only shows in the smallest eigenvalues.
    static let float64Limit = 200_000_000

    /// The row-major `cols × cols` sample covariance (divided by `rows − 1`, or 1 for one row), the column means
    /// of `x`, and the total variance (the covariance trace).
    ///
    /// - Parameter float64: force the product's precision (tests); by default it depends on the size.
    static func compute(_ x: [Float], rows: Int, cols: Int,
                        float64: Bool? = nil) -> (covariance: [Double], mean: [Double], total: Double) {
        let mean = x.withUnsafeBufferPointer { xb in columnMeans(xb.baseAddress!, rows: rows, cols: cols) }
        let divisor = Double(max(rows - 1, 1))
        var cov = float64 ?? (rows * cols * cols <= float64Limit)
            ? doubleGram(x, rows: rows, cols: cols, mean: mean)
            : floatGram(x, rows: rows, cols: cols, mean: mean)
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

    /// The upper triangle of `XcᵀXc` with `Xc` centred in float32 and multiplied by `sgemm`.
    private static func floatGram(_ x: [Float], rows: Int, cols: Int, mean: [Double]) -> [Double] {
        let meanF = mean.map { Float($0) }
        let centred = [Float](unsafeUninitializedCapacity: rows * cols) { buffer, initialised in
            x.withUnsafeBufferPointer { xb in
                meanF.withUnsafeBufferPointer { mb in
                    let src = xb.baseAddress!, dst = buffer.baseAddress!, m = mb.baseAddress!
                    for r in 0..<rows {
                        let a = src + r * cols, b = dst + r * cols
                        for c in 0..<cols { b[c] = a[c] - m[c] }
                    }
                }
            }
            initialised = rows * cols
        }
        var product = [Float](repeating: 0, count: cols * cols)
        centred.withUnsafeBufferPointer { cb in
            product.withUnsafeMutableBufferPointer { pb in
                upperBlocks(cols: cols) { i0, i1, j0, j1 in
                    Linalg.sgemm(transA: true, transB: false, m: i1 - i0, n: j1 - j0, k: rows,
                                 a: cb.baseAddress! + i0, lda: cols, b: cb.baseAddress! + j0, ldb: cols,
                                 c: pb.baseAddress! + i0 * cols + j0, ldc: cols)
                }
            }
        }
        return product.map(Double.init)
    }

    /// The upper triangle of `XcᵀXc` with `Xc` centred and multiplied in float64.
    private static func doubleGram(_ x: [Float], rows: Int, cols: Int, mean: [Double]) -> [Double] {
        let centred = [Double](unsafeUninitializedCapacity: rows * cols) { buffer, initialised in
            x.withUnsafeBufferPointer { xb in
                mean.withUnsafeBufferPointer { mb in
                    let src = xb.baseAddress!, dst = buffer.baseAddress!, m = mb.baseAddress!
                    for r in 0..<rows {
                        let a = src + r * cols, b = dst + r * cols
                        for c in 0..<cols { b[c] = Double(a[c]) - m[c] }
                    }
                }
            }
            initialised = rows * cols
        }
        var product = [Double](repeating: 0, count: cols * cols)
        centred.withUnsafeBufferPointer { cb in
            product.withUnsafeMutableBufferPointer { pb in
                upperBlocks(cols: cols) { i0, i1, j0, j1 in
                    Linalg.dgemm(transA: true, transB: false, m: i1 - i0, n: j1 - j0, k: rows,
                                 a: cb.baseAddress! + i0, lda: cols, b: cb.baseAddress! + j0, ldb: cols,
                                 c: pb.baseAddress! + i0 * cols + j0, ldc: cols)
                }
            }
        }
        return product
    }

    /// Calls `body(i0, i1, j0, j1)` for the diagonal and upper column blocks of a `cols × cols` product.
    static func upperBlocks(cols: Int, _ body: (Int, Int, Int, Int) -> Void) {
        let blocks = max(1, min(8, cols / 128))
        let bounds = (0...blocks).map { $0 * cols / blocks }
        for bi in 0..<blocks {
            for bj in bi..<blocks { body(bounds[bi], bounds[bi + 1], bounds[bj], bounds[bj + 1]) }
        }
    }
}
