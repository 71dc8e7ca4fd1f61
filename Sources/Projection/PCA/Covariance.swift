import Tensors

/// Column means and the sample covariance of a data matrix, computed from centred data.
///
/// The data are centred in float32 (means accumulated in float64) before the product, so the covariance does not
/// suffer the cancellation of `XᵀX − nμμᵀ`. Only the upper triangle of `XcᵀXc` is formed, by a rank-k update
/// (SYRK; the matrix is symmetric): half the work of a general product.
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

    /// Rows centred and multiplied at a time by `floatGram`: a few MB of scratch instead of a centred copy of the
    /// whole matrix, whose first-touch page faults cost as much as a third of the product.
    static let floatGramRowBlock = 4096

    /// The upper triangle of `XcᵀXc` with `Xc` centred in float32, block by block of rows, and accumulated by
    /// `ssyrk`.
    private static func floatGram(_ x: [Float], rows: Int, cols: Int, mean: [Double]) -> [Double] {
        let meanF = mean.map { Float($0) }
        let blockRows = min(rows, floatGramRowBlock)
        var centred = [Float](repeating: 0, count: blockRows * cols)
        var product = [Float](repeating: 0, count: cols * cols)
        x.withUnsafeBufferPointer { xb in
            meanF.withUnsafeBufferPointer { mb in
                centred.withUnsafeMutableBufferPointer { cb in
                    product.withUnsafeMutableBufferPointer { pb in
                        let m = mb.baseAddress!, dst = cb.baseAddress!
                        var start = 0
                        while start < rows {
                            let count = min(blockRows, rows - start)
                            for r in 0..<count {
                                let a = xb.baseAddress! + (start + r) * cols, b = dst + r * cols
                                for c in 0..<cols { b[c] = a[c] - m[c] }
                            }
                            Linalg.ssyrkUpperTransposed(n: cols, k: count, a: dst, lda: cols,
                                                        beta: start == 0 ? 0 : 1, c: pb.baseAddress!, ldc: cols)
                            start += count
                        }
                    }
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
                Linalg.dsyrkUpperTransposed(n: cols, k: rows, a: cb.baseAddress!, lda: cols,
                                            c: pb.baseAddress!, ldc: cols)
            }
        }
        return product
    }
}
