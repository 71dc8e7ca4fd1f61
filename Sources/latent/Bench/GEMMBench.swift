import Projection
import Tensors

/// `latent bench` suite `gemm`: the rate of the BLAS we link (OpenBLAS) on one thread for the matrix products the
/// convolutional encoders reduce to, so bench/onnx_vs_onnxruntime.py can set it beside onnxruntime's own GEMM on
/// the same shapes. It bounds what any im2col-and-GEMM convolution can reach here: a model's multiply-adds at this
/// rate on every core is the fastest it can run.
enum GEMMBench {
    /// A row-major product `C[m×n] = A[m×k] · op(B)`, named by what it stands for.
    struct Shape {
        let name: String
        let m: Int
        let n: Int
        let k: Int
        let transB: Bool
        let what: String
    }

    static let shapes = [
        Shape(name: "gemm.square_1024", m: 1024, n: 1024, k: 1024, transB: false, what: "1024×1024 · 1024×1024"),
        Shape(name: "gemm.conv_ae_layer2", m: 64, n: 196, k: 512, transB: true,
              what: "conv-ae encoder's 32→64 4×4 Conv, four images: weights 64×512 · patches 512×196"),
        Shape(name: "gemm.conv_ae_layer3", m: 128, n: 208, k: 576, transB: true,
              what: "conv-ae encoder's 64→128 3×3 Conv, thirteen images: weights 128×576 · patches 576×208"),
        Shape(name: "gemm.patches_by_weights", m: 3136, n: 64, k: 512, transB: true,
              what: "the same layer the other way round, 64 images: patches 3136×512 · weights 512×64"),
        Shape(name: "gemm.dense_3136_256", m: 2000, n: 256, k: 3136, transB: true,
              what: "bench conv encoder's dense layer, 2,000 images: 2000×3136 · 3136×256"),
    ]

    static func run(threads: Int) throws -> [BenchMeasurement] {
        Linalg.setThreads(threads)
        return shapes.map { s in
            var random = SeededGenerator(seed: 7)
            let a = random.uniformFloats(s.m * s.k), b = random.uniformFloats(s.k * s.n)
            var c = [Float](repeating: 0, count: s.m * s.n)
            let calls = max(1, Int(2e9 / Double(s.m * s.n * s.k)))
            let seconds = a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        Linalg.singleThreaded {
                            medianSeconds(repeats: 5, warmup: 1) {
                                for _ in 0..<calls {
                                    Linalg.sgemm(transB: s.transB, m: s.m, n: s.n, k: s.k, a: pa.baseAddress!, lda: s.k,
                                                 b: pb.baseAddress!, ldb: s.transB ? s.k : s.n, c: pc.baseAddress!, ldc: s.n)
                                }
                            } / Double(calls)
                        }
                    }
                }
            }
            let rate = 2 * Double(s.m * s.n * s.k) / seconds / 1e9
            return BenchMeasurement(name: s.name, seconds: seconds,
                                    detail: "\(s.what), one thread, \(String(format: "%.1f", rate)) GFLOP/s",
                                    product: [s.m, s.n, s.k, s.transB ? 1 : 0])
        }
    }
}
