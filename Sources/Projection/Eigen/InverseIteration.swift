/// Eigenvectors of a symmetric tridiagonal matrix for given eigenvalues, by inverse iteration.
///
/// As LAPACK's `dstein`: `T − λI` is factored once per eigenvalue (LU with partial pivoting, tiny pivots replaced
/// by `ε‖T‖`), a seeded random start vector is solved against it a few times, and vectors whose eigenvalues lie
/// within `10⁻³‖T‖` of each other (a cluster) are reorthogonalised against each other (Gram–Schmidt). Equal
/// eigenvalues are separated by `10ε‖T‖` so each gets its own vector.
enum InverseIteration {
    /// Returns `eigenvalues.count` unit eigenvectors of length n as rows of a row-major matrix.
    ///
    /// - Parameter eigenvalues: eigenvalues of the matrix, sorted (either way) so that clusters are adjacent.
    static func eigenvectors(diagonal d: [Double], offDiagonal e: [Double], eigenvalues: [Double]) -> [Double] {
        let n = d.count, k = eigenvalues.count
        var out = [Double](repeating: 0, count: n * k)
        guard n > 0, k > 0 else { return out }
        var norm = 0.0
        for i in 0..<n {
            norm = max(norm, abs(d[i]) + (i > 0 ? abs(e[i - 1]) : 0) + (i < n - 1 ? abs(e[i]) : 0))
        }
        if norm == 0 { norm = 1 }
        let ortol = 1e-3 * norm, pertol = 10 * Double.ulpOfOne * norm
        var factor = TridiagonalLU(n: n)
        var x = [Double](repeating: 0, count: n)
        var clusterStart = 0
        var shifted = 0.0
        out.withUnsafeMutableBufferPointer { ob in
            let o = ob.baseAddress!
            for j in 0..<k {
                var lambda = eigenvalues[j]
                if j > 0 {
                    if abs(eigenvalues[j] - eigenvalues[j - 1]) > ortol { clusterStart = j }
                    // keep equal eigenvalues apart so each solve converges to a different direction
                    let descending = eigenvalues[j] <= eigenvalues[j - 1]
                    if abs(lambda - shifted) < pertol { lambda = descending ? shifted - pertol : shifted + pertol }
                }
                shifted = lambda
                factor.factor(diagonal: d, offDiagonal: e, shift: lambda, tiny: Double.ulpOfOne * norm)
                var rng = SeededGenerator(seed: 0x5EED_0000 &+ UInt64(j))
                for i in 0..<n { x[i] = 2 * rng.nextUnit() - 1 }
                x.withUnsafeMutableBufferPointer { xb in
                    let xv = xb.baseAddress!
                    for _ in 0..<4 {
                        factor.solve(xv)
                        for _ in 0..<2 where j > clusterStart {
                            for c in clusterStart..<j {
                                let q = o + c * n
                                VectorKernels.axpy(-VectorKernels.dot(q, xv, n), q, xv, n)
                            }
                        }
                        normalise(xv, n)
                    }
                    (o + j * n).update(from: xv, count: n)
                }
            }
        }
        return out
    }

    /// Scales `x` to unit length (first by its largest entry, to avoid overflow); a zero vector becomes e₀.
    private static func normalise(_ x: UnsafeMutablePointer<Double>, _ n: Int) {
        var big = 0.0
        for i in 0..<n { big = max(big, abs(x[i])) }
        guard big > 0, big.isFinite else {
            for i in 0..<n { x[i] = i == 0 ? 1 : 0 }
            return
        }
        for i in 0..<n { x[i] /= big }
        let len = VectorKernels.dot(x, x, n).squareRoot()
        for i in 0..<n { x[i] /= len }
    }
}

// MARK: - Tridiagonal LU

/// The LU factorisation with partial pivoting of `T − σI` for a symmetric tridiagonal `T` (LAPACK's `dgttrf`).
struct TridiagonalLU {
    let n: Int
    private var dl: [Double], dd: [Double], du: [Double], du2: [Double], swapped: [Bool]

    init(n: Int) {
        self.n = n
        dl = .init(repeating: 0, count: max(n - 1, 0))
        dd = .init(repeating: 0, count: n)
        du = .init(repeating: 0, count: max(n - 1, 0))
        du2 = .init(repeating: 0, count: max(n - 2, 0))
        swapped = .init(repeating: false, count: max(n - 1, 0))
    }

    /// Factors `T − shift·I`; pivots smaller than `tiny` in magnitude are replaced by `tiny`.
    mutating func factor(diagonal d: [Double], offDiagonal e: [Double], shift: Double, tiny: Double) {
        for i in 0..<n { dd[i] = d[i] - shift }
        for i in 0..<max(n - 1, 0) { dl[i] = e[i]; du[i] = e[i]; swapped[i] = false }
        for i in 0..<max(n - 2, 0) { du2[i] = 0 }
        for i in 0..<max(n - 1, 0) {
            if abs(dd[i]) >= abs(dl[i]) {
                if dd[i] != 0 {
                    let fact = dl[i] / dd[i]
                    dl[i] = fact
                    dd[i + 1] -= fact * du[i]
                }
            } else {
                let fact = dd[i] / dl[i]
                dd[i] = dl[i]
                dl[i] = fact
                let temp = du[i]
                du[i] = dd[i + 1]
                dd[i + 1] = temp - fact * dd[i + 1]
                if i < n - 2 {
                    du2[i] = du[i + 1]
                    du[i + 1] = -fact * du[i + 1]
                }
                swapped[i] = true
            }
        }
        for i in 0..<n where abs(dd[i]) < tiny { dd[i] = dd[i] < 0 ? -tiny : tiny }
    }

    /// Solves `(T − σI) x = b` in place.
    func solve(_ b: UnsafeMutablePointer<Double>) {
        guard n > 0 else { return }
        for i in 0..<(n - 1) {
            if swapped[i] {
                let temp = b[i]
                b[i] = b[i + 1]
                b[i + 1] = temp - dl[i] * b[i]
            } else {
                b[i + 1] -= dl[i] * b[i]
            }
        }
        b[n - 1] /= dd[n - 1]
        if n > 1 { b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / dd[n - 2] }
        if n > 2 {
            for i in stride(from: n - 3, through: 0, by: -1) {
                b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / dd[i]
            }
        }
    }
}
