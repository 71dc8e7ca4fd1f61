import XCTest
@testable import Tensors

final class GEMMTests: XCTestCase {
    /// A deterministic pseudo-random matrix (a linear congruential sequence scaled to [-1, 1]).
    private func matrix(_ count: Int, seed: UInt64) -> [Float] {
        var s = seed
        return (0..<count).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: s >> 11) % 2001 - 1000) / 1000
        }
    }

    func testBLASAgreesWithReferenceAcrossOddSizesAndTransposes() {
        for (m, k, n) in [(1, 1, 1), (7, 13, 5), (257, 129, 65), (3, 0, 2)] {
            for transA in [false, true] {
                for transB in [false, true] {
                    let a = matrix(m * k, seed: 1)
                    let b = matrix(k * n, seed: 2)
                    var c0 = matrix(m * n, seed: 3)
                    var c1 = c0
                    let lda = transA ? m : k
                    let ldb = transB ? k : n
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            guard let pa = pa.baseAddress ?? UnsafePointer(bitPattern: 8),
                                  let pb = pb.baseAddress ?? UnsafePointer(bitPattern: 8) else { return }
                            c0.withUnsafeMutableBufferPointer { pc in
                                Linalg.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: pa,
                                             lda: max(lda, 1), b: pb, ldb: max(ldb, 1), beta: 2, c: pc.baseAddress!, ldc: n)
                            }
                            c1.withUnsafeMutableBufferPointer { pc in
                                ReferenceKernels.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5,
                                                       a: pa, lda: max(lda, 1), b: pb, ldb: max(ldb, 1), beta: 2,
                                                       c: pc.baseAddress!, ldc: n)
                            }
                        }
                    }
                    for i in 0..<(m * n) {
                        let scale = max(1, abs(c1[i]))
                        XCTAssertLessThanOrEqual(abs(c0[i] - c1[i]) / scale, 1e-5,
                                                 "\(m)×\(k)×\(n) tA=\(transA) tB=\(transB) at \(i)")
                    }
                }
            }
        }
    }

    func testMatmulOfTensors() throws {
        let a = try Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        let b = try Tensor(shape: [3, 1], floats: [1, 0, -1])
        XCTAssertEqual(try a.matmul(b).floats, [-2, -2])
        XCTAssertThrowsError(try b.matmul(a))
    }
}
