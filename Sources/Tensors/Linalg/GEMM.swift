import COpenBLAS

/// Dense linear algebra over CBLAS, with plain Swift reference kernels beside it (`ReferenceKernels`).
public enum Linalg {
    /// Row-major `C = alpha · op(A) · op(B) + beta · C`, where op(A) is m×k and op(B) is k×n.
    ///
    /// - Parameters:
    ///   - transA: use Aᵀ (A stored k×m) instead of A (stored m×k).
    ///   - transB: use Bᵀ (B stored n×k) instead of B (stored k×n).
    ///   - lda, ldb, ldc: row strides of the stored matrices.
    public static func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Row-major double-precision `C = alpha · op(A) · op(B) + beta · C` (see `sgemm`).
    public static func dgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                             alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
                             b: UnsafePointer<Double>, ldb: Int,
                             beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Row-major `C = alpha · AᵀA + beta · C` for A stored k×n (leading dimension `lda`): only the upper triangle of
    /// the n×n result is written, at half the work of the general product.
    public static func ssyrkUpperTransposed(n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard n > 0 else { return }
        if k == 0 {
            for i in 0..<n { for j in i..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta, c,
                    Int32(ldc))
    }

    /// Double-precision `ssyrkUpperTransposed`.
    public static func dsyrkUpperTransposed(n: Int, k: Int, alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
                                            beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard n > 0 else { return }
        if k == 0 {
            for i in 0..<n { for j in i..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta, c,
                    Int32(ldc))
    }

    /// The product of a row-major m×k matrix and a k×n matrix.
    public static func matmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
        precondition(a.count == m * k && b.count == k * n, "matmul operand sizes do not match m, k, n")
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    sgemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: max(k, 1), b: pb.baseAddress!, ldb: max(n, 1),
                          c: pc.baseAddress!, ldc: max(n, 1))
                }
            }
        }
        return c
    }

    /// Sets how many threads OpenBLAS may use for one call (and that the small products hand back to afterwards,
    /// see `BLASThreads`).
    public static func setThreads(_ count: Int) { BLASThreads.configure(max(1, count)) }

    /// How many threads OpenBLAS uses for one call, as last set by `setThreads` (a small product running on another
    /// thread at this moment does not change the answer).
    public static var threads: Int { BLASThreads.configured }
}
