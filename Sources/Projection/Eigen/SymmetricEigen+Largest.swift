import Tensors

extension SymmetricEigen {
    /// Residual tolerance of `largest`'s Lanczos pairs, relative to the largest eigenvalue: far below the float32
    /// rounding of a covariance formed in float32.
    static let largestTolerance = 1e-11

    /// The `count` largest eigenvalues of the symmetric row-major `n × n` matrix `a` (symmetrised as
    /// `(A + Aᵀ)/2` first), largest first, and their unit eigenvectors (row-major `count × n`, each with its entry
    /// of largest magnitude positive, as `decompose` gives them).
    ///
    /// A few pairs of a large matrix (`count · 4 < n`, n > 64) come from Lanczos (`SymmetricLanczos`) with the
    /// matrix–vector products in BLAS: a few dozen O(n²) products instead of `decompose`'s O(n³) reduction to
    /// tridiagonal form, which took a tenth of a 70,000×784 PCA. Otherwise, and whenever Lanczos does not reach
    /// `largestTolerance`, they come from `decompose`.
    ///
    /// - Throws: `ProjectionError` if the sizes do not match, an entry is not finite or `count` is not in 0...n.
    public static func largest(_ a: [Double], n: Int, count: Int,
                               threads: Int = 1) throws(ProjectionError) -> (values: [Double], vectors: [Double]) {
        if n > 64, count * 4 < n, count > 0, a.count == n * n, a.allSatisfy(\.isFinite),
           let pairs = lanczos(a, n: n, count: count, threads: threads) {
            return pairs
        }
        let eig = try decompose(a, n: n, vectors: count, threads: threads)
        return (Array(eig.values.prefix(count)), eig.vectors)
    }

    /// The Lanczos pairs of `largest`, or nil when they do not converge.
    private static func lanczos(_ a: [Double], n: Int, count: Int,
                                threads: Int) -> (values: [Double], vectors: [Double])? {
        // the upper triangle of (A + Aᵀ)/2, which is all the products read
        var sym = a
        for i in 0..<n { for j in (i + 1)..<n { sym[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2 } }
        // each product is far too small to share between OpenBLAS's threads
        let result = Linalg.singleThreaded {
            sym.withUnsafeBufferPointer { sb in
                SymmetricLanczos.largest(count: count, order: n, basisSize: max(40, 2 * count + 10),
                                         tolerance: largestTolerance, maxRestarts: 50, threads: threads) { x, y in
                    Linalg.dsymvUpper(n: n, a: sb.baseAddress!, lda: n, x: x, y: y)
                }
            }
        }
        guard let result, result.converged, result.values.count == count else { return nil }
        var vectors = result.vectors
        vectors.withUnsafeMutableBufferPointer { vb in
            for r in 0..<count { orient(vb.baseAddress! + r * n, n) }
        }
        return (result.values, vectors)
    }
}
