import COpenBLAS

extension Linalg {
    /// Row-major `y = alpha · op(A) · x + beta · y`, A stored m×n with row stride `lda`: op(A) = A (y has m
    /// elements, x has n) or, with `transA`, Aᵀ (y has n elements, x has m).
    ///
    /// With `beta == 0`, `y` is written without being read (it may hold anything, NaN included). OpenBLAS runs each
    /// product on one thread (see `BLASThreads`): a matrix-vector product is memory-bound, and OpenBLAS's own two
    /// threads took 850 µs for a decoder's 64×50,176 one (12.8 MB of weights) against 268 µs on one. From
    /// `splitGEMVFrom` elements on, the outputs are split over our threads instead, each part one OpenBLAS call:
    /// the 16-64-224×224 decode then took 0.46–0.59 ms against 0.77–2.17 ms on one thread (`latent bench --only
    /// onnx.decode`, two builds alternating, load average 1.1–1.5).
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
        let threads = outputs * inputs >= splitGEMVFrom ? BLASThreads.configured : 1
        BLASThreads.single {
            // Large products: the outputs in contiguous parts on our own threads, each part's rows (or columns, for
            // Aᵀ) read by one core, so the cores' caches and memory channels stream the weights side by side.
            Parallel.forEachChunk(count: outputs, threads: threads, minimumChunk: 64) { _, range in
                let part = Int32(range.count), first = range.lowerBound
                if transA {
                    cblas_sgemv(CblasRowMajor, CblasTrans, Int32(m), part, alpha, a + first, Int32(lda), x, Int32(incx),
                                beta, y + first * incy, Int32(incy))
                } else {
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, part, Int32(n), alpha, a + first * lda, Int32(lda), x,
                                Int32(incx), beta, y + first * incy, Int32(incy))
                }
            }
        }
    }

    /// Matrix elements from which `sgemv` splits its outputs over the configured threads. The 3.2 M-element layer
    /// of a 224×224 decoder gains about twice; no gain could be measured at the 0.4 M elements of the default
    /// decoder's largest layer, so the split starts in between.
    public static let splitGEMVFrom = 1 << 21
}
