import Tensors

/// The Householder reduction of a dense symmetric matrix to tridiagonal form, `A = Q T Qᵀ`.
///
/// Step `k` builds a reflector `P_k = I − β_k v_k v_kᵀ` acting on indices `k+1..<n` that zeroes row (and column) `k`
/// beyond its first off-diagonal entry, and applies it from both sides: `A ← P_k A P_k`. Then
/// `Q = P_0 P_1 ⋯ P_{n−2}`, and an eigenvector `z` of `T` maps to the eigenvector `Q z` of `A` (`applyQ`).
/// Each step is a symmetric matrix–vector product and a rank-2 update of the trailing block's lower triangle,
/// split over fixed chunks of rows between threads and reduced in chunk order, so the result does not depend on
/// the thread count.
struct HouseholderTridiagonal: Sendable {
    /// The order of the matrix.
    let n: Int
    /// The diagonal of `T` (n values).
    private(set) var diagonal: [Double]
    /// The first off-diagonal of `T` (n − 1 values): `T[i, i+1] = T[i+1, i] = offDiagonal[i]`.
    private(set) var offDiagonal: [Double]
    /// Reflector `k` is stored in row `k`, columns `k+1..<n`.
    private var reflectors: [Double]
    /// The reflector scale factors β_k (0 when step k needed no reflection).
    private var betas: [Double]

    /// Reduces the symmetric row-major `n × n` matrix `a`; only its lower triangle is read.
    init(_ a: [Double], n: Int, threads: Int = 1) {
        precondition(a.count == n * n, "matrix size does not match n")
        self.n = n
        var work = a
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: max(n - 1, 0))
        var refl = [Double](repeating: 0, count: n * n)
        var beta = [Double](repeating: 0, count: n)
        var p = [Double](repeating: 0, count: n)
        var partials = [Double](repeating: 0, count: (n / Self.rowsPerChunk + 1) * n)
        work.withUnsafeMutableBufferPointer { wb in
            refl.withUnsafeMutableBufferPointer { rb in
                p.withUnsafeMutableBufferPointer { pb in
                    partials.withUnsafeMutableBufferPointer { sb in
                        let w = wb.baseAddress!, r = rb.baseAddress!
                        for k in 0..<max(n - 1, 0) {
                            d[k] = w[k * n + k]
                            let m = n - k - 1
                            // x = column k below the diagonal (the lower triangle holds it)
                            let x0 = w[(k + 1) * n + k]
                            var sigma = 0.0
                            for j in 1..<m { let v = w[(k + 1 + j) * n + k]; sigma += v * v }
                            if sigma == 0 {
                                e[k] = x0
                                continue
                            }
                            let mu = (x0 * x0 + sigma).squareRoot()
                            let alpha = x0 <= 0 ? mu : -mu
                            let v = r + k * n + k + 1
                            v[0] = x0 - alpha
                            for j in 1..<m { v[j] = w[(k + 1 + j) * n + k] }
                            let b = 2 / (v[0] * v[0] + sigma)
                            beta[k] = b
                            e[k] = alpha
                            Self.reflect(trailing: w + (k + 1) * n + k + 1, stride: n, m: m, v: v, beta: b,
                                         p: pb.baseAddress!, partials: sb.baseAddress!, threads: threads)
                        }
                    }
                }
            }
        }
        if n > 0 { d[n - 1] = work[n * n - 1] }
        diagonal = d
        offDiagonal = e
        reflectors = refl
        betas = beta
    }

    /// Rows per chunk of the symmetric product: fixed, so the result does not depend on the thread count.
    private static let rowsPerChunk = 32

    /// Replaces the lower triangle of the trailing `m × m` block `B` by that of `P B P`, `P = I − β v vᵀ`.
    private static func reflect(trailing b: UnsafeMutablePointer<Double>, stride: Int, m: Int,
                                v: UnsafeMutablePointer<Double>, beta: Double, p: UnsafeMutablePointer<Double>,
                                partials: UnsafeMutablePointer<Double>, threads: Int) {
        let workers = m >= 192 ? threads : 1
        let chunks = (m + rowsPerChunk - 1) / rowsPerChunk
        nonisolated(unsafe) let (bb, vv, pp, part) = (b, v, p, partials)
        // p = B v from the lower triangle: row i gives p_i += B_i,0…i · v_0…i and p_0…i−1 += B_i,0…i−1 · v_i;
        // each chunk of rows accumulates into its own partial vector
        Parallel.forEach(count: chunks, threads: workers, grain: 1) { c in
            let lo = c * rowsPerChunk, hi = min(m, lo + rowsPerChunk)
            let acc = part + c * m
            for j in 0..<hi { acc[j] = 0 }
            for i in lo..<hi {
                let row = bb + i * stride
                acc[i] += VectorKernels.dot(row, vv, i + 1)
                VectorKernels.axpy(vv[i], row, acc, i)
            }
        }
        for j in 0..<m { p[j] = 0 }
        for c in 0..<chunks {
            let hi = min(m, (c + 1) * rowsPerChunk)
            let acc = partials + c * m
            for j in 0..<hi { p[j] += acc[j] }
        }
        for j in 0..<m { p[j] *= beta }
        // w = p − (β pᵀv / 2) v, stored in p
        let kappa = beta * VectorKernels.dot(p, v, m) / 2
        for i in 0..<m { p[i] -= kappa * v[i] }
        // B −= v wᵀ + w vᵀ on the lower triangle
        Parallel.forEach(count: chunks, threads: workers, grain: 1) { c in
            for i in (c * rowsPerChunk)..<min(m, (c + 1) * rowsPerChunk) {
                let row = bb + i * stride
                let vi = vv[i], wi = pp[i]
                for j in 0...i { row[j] -= vi * pp[j] + wi * vv[j] }
            }
        }
    }

    /// Replaces `z` (n values) by `Q z`: maps an eigenvector of `T` to the matching eigenvector of `A`.
    func applyQ(to z: UnsafeMutablePointer<Double>) {
        guard n > 2 else { return }
        reflectors.withUnsafeBufferPointer { rb in
            let r = rb.baseAddress!
            for k in stride(from: n - 2, through: 0, by: -1) where betas[k] != 0 {
                let m = n - k - 1
                let v = r + k * n + k + 1
                let tail = z + k + 1
                let s = betas[k] * VectorKernels.dot(v, tail, m)
                VectorKernels.axpy(-s, v, tail, m)
            }
        }
    }
}
