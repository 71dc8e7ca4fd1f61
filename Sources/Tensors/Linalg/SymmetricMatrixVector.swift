import COpenBLAS

extension Linalg {
    /// `y = A · x` for the symmetric row-major `n × n` matrix `A` (row stride `lda`), reading only its upper
    /// triangle, by BLAS `dsymv`: no packing of `A`, which a GEMM with one column repeats on every call.
    public static func dsymvUpper(n: Int, a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
                                  y: UnsafeMutablePointer<Double>) {
        guard n > 0 else { return }
        cblas_dsymv(CblasRowMajor, CblasUpper, Int32(n), 1, a, Int32(lda), x, 1, 0, y, 1)
    }
}

extension ReferenceKernels {
    /// `Linalg.dsymvUpper` with plain loops: the lower triangle is taken from the upper one.
    public static func dsymvUpper(n: Int, a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
                                  y: UnsafeMutablePointer<Double>) {
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += (i <= j ? a[i * lda + j] : a[j * lda + i]) * x[j] }
            y[i] = sum
        }
    }
}
