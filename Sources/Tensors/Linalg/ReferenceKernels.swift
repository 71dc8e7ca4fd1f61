/// Portable, obviously-correct kernels that the fast ones are tested against.
public enum ReferenceKernels {
    /// Row-major `C = alpha · op(A) · op(B) + beta · C` with triple loops and a Double accumulator.
    public static func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let av = transA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                let previous = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = alpha * Float(sum) + previous
            }
        }
    }

    /// Row-major `y = alpha · op(A) · x + beta · y` (see `Linalg.sgemv`) with a Double accumulator.
    public static func sgemv(transA: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>,
                             lda: Int, x: UnsafePointer<Float>, incx: Int = 1,
                             beta: Float = 0, y: UnsafeMutablePointer<Float>, incy: Int = 1) {
        let outputs = transA ? n : m, inputs = transA ? m : n
        for i in 0..<outputs {
            var sum = 0.0
            for p in 0..<inputs {
                let av = transA ? a[p * lda + i] : a[i * lda + p]
                sum += Double(av) * Double(x[p * incx])
            }
            let previous = beta == 0 ? 0 : beta * y[i * incy]
            y[i * incy] = alpha * Float(sum) + previous
        }
    }
}
