/// The cyclic Jacobi eigenvalue algorithm: slow (O(n³) per sweep) but simple and accurate, kept as the reference
/// that `SymmetricEigen` is tested against.
enum JacobiEigen {
    /// Eigenvalues (descending) and the matching unit eigenvectors as rows, of the symmetric `n × n` matrix `a`.
    static func decompose(_ a: [Double], n: Int, maxSweeps: Int = 100) -> (values: [Double], vectors: [Double]) {
        var m = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<maxSweeps {
            var off = 0.0, total = 0.0
            for i in 0..<n { for j in 0..<n { total += m[i * n + j] * m[i * n + j]; if i != j { off += m[i * n + j] * m[i * n + j] } } }
            if off <= 1e-30 * max(total, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where q < n {
                    let apq = m[p * n + q]
                    if apq == 0 { continue }
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let mkp = m[k * n + p], mkq = m[k * n + q]
                        m[k * n + p] = c * mkp - s * mkq
                        m[k * n + q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p * n + k], mqk = m[q * n + k]
                        m[p * n + k] = c * mpk - s * mqk
                        m[q * n + k] = s * mpk + c * mqk
                    }
                    // rows of v are eigenvectors: rotate rows p and q
                    for k in 0..<n {
                        let vp = v[p * n + k], vq = v[q * n + k]
                        v[p * n + k] = c * vp - s * vq
                        v[q * n + k] = s * vp + c * vq
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0 * n + $0] > m[$1 * n + $1] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (r, i) in order.enumerated() { for k in 0..<n { vectors[r * n + k] = v[i * n + k] } }
        return (order.map { m[$0 * n + $0] }, vectors)
    }
}
