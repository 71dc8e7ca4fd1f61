import Tensors

/// Column means and the sample covariance of a data matrix, computed from centred data.
///
/// The data are centred in float32 (means accumulated in float64) before the product, so the covariance does not
/// suffer the cancellation of `XᵀX − nμμᵀ`. Only the upper block triangle of `XcᵀXc` is formed with GEMM (the
/// matrix is symmetric), which halves the work for wide data.
enum Covariance {
    /// Column means of the row-major `rows × cols` matrix, accumulated in float64.
    static func columnMeans(_ x: UnsafePointer<Float>, rows: Int, cols: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: cols)
        sum.withUnsafeMutableBufferPointer { s in
            for r in 0..<rows {
                let row = x + r * cols
                for c in 0..<cols { s[c] += Double(row[c]) }
            }
        }
        return sum.map { $0 / Double(rows) }
    }

    /// The row-major `cols × cols` sample covariance (divided by `rows − 1`, or 1 for one row) and the column
    /// means of `x`, plus the total variance (the trace, accumulated in float64).
    static func compute(_ x: [Float], rows: Int, cols: Int) -> (covariance: [Double], mean: [Double], total: Double) {
        var centred = [Float](repeating: 0, count: rows * cols)
        var variances = [Double](repeating: 0, count: cols)
        let mean = x.withUnsafeBufferPointer { xb in columnMeans(xb.baseAddress!, rows: rows, cols: cols) }
        x.withUnsafeBufferPointer { xb in
            centred.withUnsafeMutableBufferPointer { cb in
                variances.withUnsafeMutableBufferPointer { vb in
                    let meanF = mean.map { Float($0) }
                    for r in 0..<rows {
                        let src = xb.baseAddress! + r * cols, dst = cb.baseAddress! + r * cols
                        for c in 0..<cols {
                            let v = Double(src[c]) - mean[c]
                            dst[c] = src[c] - meanF[c]
                            vb[c] += v * v
                        }
                    }
                }
            }
        }
        let divisor = Double(max(rows - 1, 1))
        let total = variances.reduce(0, +) / divisor
        var product = [Float](repeating: 0, count: cols * cols)
        centred.withUnsafeBufferPointer { cb in
            product.withUnsafeMutableBufferPointer { pb in
                upperGram(cb.baseAddress!, rows: rows, cols: cols, into: pb.baseAddress!)
            }
        }
        var cov = [Double](repeating: 0, count: cols * cols)
        for i in 0..<cols {
            for j in i..<cols {
                let v = Double(product[i * cols + j]) / divisor
                cov[i * cols + j] = v
                cov[j * cols + i] = v
            }
            // the diagonal from float64 sums is more accurate than the float32 product
            cov[i * cols + i] = variances[i] / divisor
        }
        return (cov, mean, total)
    }

    /// Writes the upper block triangle (including the diagonal blocks) of `XᵀX` into `out` (`cols × cols`).
    static func upperGram(_ x: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
        let blocks = max(1, min(8, cols / 128))
        let bounds = (0...blocks).map { $0 * cols / blocks }
        for bi in 0..<blocks {
            for bj in bi..<blocks {
                let i0 = bounds[bi], i1 = bounds[bi + 1], j0 = bounds[bj], j1 = bounds[bj + 1]
                Linalg.sgemm(transA: true, transB: false, m: i1 - i0, n: j1 - j0, k: rows,
                             a: x + i0, lda: cols, b: x + j0, ldb: cols,
                             c: out + i0 * cols + j0, ldc: cols)
            }
        }
    }
}
