import Tensors

/// Row-major single-precision matrix products for the operators, choosing the kernel by shape: matrix-vector
/// products (`sgemv`, no packing of the weights) for a few rows, which is what single-sample decoding does, and
/// `sgemm` otherwise.
enum MatrixProduct {
    /// Rows up to which one `sgemv` per row beats `sgemm` (whose packing of B costs more than the product).
    static let vectorRows = 4

    /// `C[m×n] = alpha · op(A) · op(B) + beta · C`, like `Linalg.sgemm`.
    static func multiply(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        guard m <= vectorRows, k > 0 else {
            Linalg.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                         beta: beta, c: c, ldc: ldc)
            return
        }
        for i in 0..<m {
            // Row i of op(A): contiguous when A is not transposed, strided by lda when it is.
            let x = transA ? a + i : a + i * lda
            // y = op(B)ᵀ · x: B stored k×n (no transpose) is read transposed; B stored n×k is read as is.
            Linalg.sgemv(transA: !transB, m: transB ? n : k, n: transB ? k : n, alpha: alpha, a: b, lda: ldb, x: x,
                         incx: transA ? lda : 1, beta: beta, y: c + i * ldc)
        }
    }
}
