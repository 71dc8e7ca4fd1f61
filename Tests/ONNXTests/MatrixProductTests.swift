@testable import ONNX
import Tensors
import XCTest

/// The operators' matrix product picks `sgemv` per row for a few rows and `sgemm` otherwise: every transpose,
/// row count on both sides of the switch, padded strides and both betas must equal the plain reference.
final class MatrixProductTests: XCTestCase {
    func testEqualsTheReferenceForEveryTransposeAndRowCount() {
        var seed: UInt32 = 12_345
        func next() -> Float {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return Float(seed >> 8) / Float(1 << 24) - 0.5
        }
        let (n, k) = (5, 7)
        for m in 1...(MatrixProduct.vectorRows + 2) {
            for transA in [false, true] {
                for transB in [false, true] {
                    for beta: Float in [0, 0.5] {
                        // Stored shapes with one column of padding, so a wrong leading dimension shows.
                        let (aRows, aCols) = transA ? (k, m) : (m, k)
                        let (bRows, bCols) = transB ? (n, k) : (k, n)
                        let lda = aCols + 1, ldb = bCols + 1, ldc = n + 1
                        let a = (0..<(aRows * lda)).map { _ in next() }
                        let b = (0..<(bRows * ldb)).map { _ in next() }
                        let start = (0..<(m * ldc)).map { _ in next() }
                        var ours = start, reference = start
                        a.withUnsafeBufferPointer { pa in
                            b.withUnsafeBufferPointer { pb in
                                ours.withUnsafeMutableBufferPointer { pc in
                                    MatrixProduct.multiply(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.75,
                                                           a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                                                           beta: beta, c: pc.baseAddress!, ldc: ldc)
                                }
                                reference.withUnsafeMutableBufferPointer { pc in
                                    ReferenceKernels.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.75,
                                                           a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                                                           beta: beta, c: pc.baseAddress!, ldc: ldc)
                                }
                            }
                        }
                        for i in 0..<m {
                            for j in 0..<n {
                                XCTAssertEqual(ours[i * ldc + j], reference[i * ldc + j], accuracy: 1e-5,
                                               "m \(m) transA \(transA) transB \(transB) beta \(beta) at \(i),\(j)")
                            }
                            // The padding column is not the product's to touch.
                            XCTAssertEqual(ours[i * ldc + n], start[i * ldc + n])
                        }
                    }
                }
            }
        }
    }
}
