import Tensors

/// PCA of wide matrices without a cols × cols covariance: a randomised range finder (Halko, Martinsson and Tropp
/// 2011) over the centred data, whose small l × l Gram matrix gives the leading directions.
///
/// The data are never centred in a copy: products with the centred matrix are the products with the data minus a
/// rank-one correction by the column means. Memory is O((rows + cols) · l) beside the data, with l = components + 10.
extension PCA {
    /// Above this many columns `fit` uses the randomised method (a 2048 × 2048 covariance is 32 MB of doubles and
    /// its eigensolver the slow part; a 16,384-value latent would need 2 GB).
    public static let covarianceColumnLimit = 2048

    /// Extra directions sampled beyond those kept, and power iterations that sharpen a slowly decaying spectrum.
    static let oversampling = 10
    static let powerIterations = 4

    /// Fits `components` axes to the row-major `rows × cols` matrix `x` (already checked) by the randomised range
    /// finder; seeded, so it repeats exactly.
    static func fitRandomized(_ x: [Float], rows: Int, cols: Int, components: Int, seed: UInt64 = 0) throws(ProjectionError) -> PCA {
        try x.withUnsafeBufferPointer { (b) throws(ProjectionError) in
            try fitRandomized(b, rows: rows, cols: cols, components: components, seed: seed)
        }
    }

    /// `fitRandomized` over the elements of any buffer.
    static func fitRandomized(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, components: Int,
                              seed: UInt64 = 0) throws(ProjectionError) -> PCA {
        let l = min(components + oversampling, rows, cols)
        let mean = Covariance.columnMeans(x.baseAddress!, rows: rows, cols: cols)
        let meanF = mean.map { Float($0) }
        var generator = SeededGenerator(seed: seed)
        let omega = (0..<(cols * l)).map { _ in Float(generator.nextGaussian()) }

        // Y = Xc Ω, then power iterations Y = Xc (Xcᵀ Y), each side orthonormalised.
        var y = centredProduct(x, rows: rows, cols: cols, mean: meanF, right: omega, l: l)
        for _ in 0..<powerIterations {
            orthonormalizeColumns(&y, rows: rows, cols: l)
            var z = centredTransposedProduct(x, rows: rows, cols: cols, mean: meanF, q: y, l: l)
            orthonormalizeColumns(&z, rows: cols, cols: l)
            y = centredProduct(x, rows: rows, cols: cols, mean: meanF, right: z, l: l)
        }
        orthonormalizeColumns(&y, rows: rows, cols: l)
        // Bᵀ = Xcᵀ Q (cols × l); the l × l matrix B Bᵀ has the squared singular values of Xc on the range.
        let bt = centredTransposedProduct(x, rows: rows, cols: cols, mean: meanF, q: y, l: l)
        var gram = [Double](repeating: 0, count: l * l)
        for i in 0..<cols {
            for a in 0..<l {
                let va = Double(bt[i * l + a])
                for b in a..<l { gram[a * l + b] += va * Double(bt[i * l + b]) }
            }
        }
        for a in 0..<l { for b in 0..<a { gram[a * l + b] = gram[b * l + a] } }
        let eig = try SymmetricEigen.decompose(gram, n: l, vectors: components)
        var axes = [Float](repeating: 0, count: components * cols)
        var variances: [Double] = []
        let divisor = Double(max(rows - 1, 1))
        for k in 0..<components {
            let s2 = max(eig.values[k], 0)
            variances.append(s2 / divisor)
            let w = eig.vector(k)
            // v = Bᵀ w / ‖Bᵀ w‖ (= Bᵀ w / s).
            var v = [Double](repeating: 0, count: cols)
            for i in 0..<cols { for a in 0..<l { v[i] += Double(bt[i * l + a]) * w[a] } }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            // The sign: largest entry positive, so reruns and the covariance path agree up to rounding.
            let flip: Double = (v.max { abs($0) < abs($1) } ?? 0) < 0 ? -1 : 1
            for i in 0..<cols { axes[k * cols + i] = Float(norm > 0 ? flip * v[i] / norm : 0) }
        }
        var total = 0.0
        for r in 0..<rows { for c in 0..<cols { let e = Double(x[r * cols + c]) - mean[c]; total += e * e } }
        total /= divisor
        return PCA(inputDimension: cols, componentCount: components, mean: meanF, components: axes,
                   explainedVariance: variances, explainedVarianceRatio: variances.map { total > 0 ? $0 / total : 0 },
                   totalVariance: total)
    }

    /// Xc · R for R `cols × l`: X R minus the rank-one correction 1 (μᵀ R); `rows × l`.
    private static func centredProduct(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, mean: [Float], right: [Float], l: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows * l)
        right.withUnsafeBufferPointer { rb in
            out.withUnsafeMutableBufferPointer { ob in
                Linalg.sgemm(m: rows, n: l, k: cols, a: x.baseAddress!, lda: cols, b: rb.baseAddress!, ldb: l,
                             c: ob.baseAddress!, ldc: l)
            }
        }
        var shift = [Float](repeating: 0, count: l)
        for c in 0..<cols { for a in 0..<l { shift[a] += mean[c] * right[c * l + a] } }
        for r in 0..<rows { for a in 0..<l { out[r * l + a] -= shift[a] } }
        return out
    }

    /// Xcᵀ · Q for Q `rows × l`: Xᵀ Q minus μ (1ᵀ Q); `cols × l`.
    private static func centredTransposedProduct(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, mean: [Float], q: [Float], l: Int) -> [Float] {
        var out = [Float](repeating: 0, count: cols * l)
        q.withUnsafeBufferPointer { qb in
            out.withUnsafeMutableBufferPointer { ob in
                Linalg.sgemm(transA: true, m: cols, n: l, k: rows, a: x.baseAddress!, lda: cols,
                             b: qb.baseAddress!, ldb: l, c: ob.baseAddress!, ldc: l)
            }
        }
        var sums = [Float](repeating: 0, count: l)
        for r in 0..<rows { for a in 0..<l { sums[a] += q[r * l + a] } }
        for c in 0..<cols { for a in 0..<l { out[c * l + a] -= mean[c] * sums[a] } }
        return out
    }

    /// Orthonormalises the columns of a row-major `rows × cols` matrix in place (modified Gram–Schmidt, twice for
    /// stability, in double precision); a column that vanishes becomes zero.
    static func orthonormalizeColumns(_ m: inout [Float], rows: Int, cols: Int) {
        var columns = (0..<cols).map { c in (0..<rows).map { Double(m[$0 * cols + c]) } }
        for _ in 0..<2 {
            for c in 0..<cols {
                for p in 0..<c {
                    var dot = 0.0
                    for r in 0..<rows { dot += columns[c][r] * columns[p][r] }
                    for r in 0..<rows { columns[c][r] -= dot * columns[p][r] }
                }
                let norm = columns[c].reduce(0) { $0 + $1 * $1 }.squareRoot()
                for r in 0..<rows { columns[c][r] = norm > 1e-30 ? columns[c][r] / norm : 0 }
            }
        }
        for c in 0..<cols { for r in 0..<rows { m[r * cols + c] = Float(columns[c][r]) } }
    }
}
