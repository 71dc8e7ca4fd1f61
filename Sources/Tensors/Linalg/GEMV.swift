import COpenBLAS

extension Linalg {
    /// Row-major `y = alpha · op(A) · x + beta · y`, A stored m×n with row stride `lda`: op(A) = A (y has m
    /// elements, x has n) or, with `transA`, Aᵀ (y has n elements, x has m).
    ///
    /// With `beta == 0`, `y` is written without being read (it may hold anything, NaN included). OpenBLAS runs it
    /// on the calling thread (see `BLASThreads`): a matrix-vector product is memory-bound, and for the decoder's
    /// 64×50,176 one (12.8 MB of weights) one thread took 268 µs against 850 µs for OpenBLAS's two threads and
    /// 446 µs for the output split over two threads of ours, on a busy 2-core machine.
    public static func sgemv(transA: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>,
                             lda: Int, x: UnsafePointer<Float>, incx: Int = 1,
                             beta: Float = 0, y: UnsafeMutablePointer<Float>, incy: Int = 1) {
        let outputs = transA ? n : m, inputs = transA ? m : n
        guard outputs > 0 else { return }
        // OpenBLAS may scale y by a zero beta (NaN · 0 stays NaN), so a zero beta clears it first.
        if beta == 0 { for i in 0..<outputs { y[i * incy] = 0 } }
        guard inputs > 0 else {
            if beta != 0 && beta != 1 { for i in 0..<outputs { y[i * incy] *= beta } }
            return
        }
        BLASThreads.single {
            cblas_sgemv(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
                        x, Int32(incx), beta, y, Int32(incy))
        }
    }
}
