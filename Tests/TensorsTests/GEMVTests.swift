import XCTest
@testable import Tensors

/// `Linalg.sgemv` against the plain reference: both transposes, padded row strides, strided vectors, both betas,
/// a NaN-filled output with beta 0, and the thread count handed back afterwards.
final class GEMVTests: XCTestCase {
    private func values(_ count: Int, seed: UInt64) -> [Float] {
        var s = seed
        return (0..<count).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: s >> 11) % 2001 - 1000) / 1000
        }
    }

    func testAgreesWithTheReference() {
        compareWithTheReference(sizes: [(1, 1), (7, 13), (64, 785), (300, 3), (5, 0), (0, 4)])
    }

    /// Products from `splitGEMVFrom` elements on are split over the threads: odd part sizes, both transposes.
    func testLargeProductsSplitOverTheThreadsAgree() {
        let saved = Linalg.threads
        defer { Linalg.setThreads(saved) }
        Linalg.setThreads(3)
        let rows = Linalg.splitGEMVFrom / 511 + 3
        XCTAssertGreaterThanOrEqual(rows * 511, Linalg.splitGEMVFrom)
        compareWithTheReference(sizes: [(rows, 511), (511, rows)])
    }

    private func compareWithTheReference(sizes: [(Int, Int)]) {
        for (m, n) in sizes {
            for transA in [false, true] {
                for (incx, incy) in [(1, 1), (2, 3)] {
                    for beta: Float in [0, 0.5] {
                        let lda = n + 2
                        let (inputs, outputs) = transA ? (m, n) : (n, m)
                        let a = values(max(m * lda, 1), seed: 1)
                        let x = values(max(inputs * incx, 1), seed: 2)
                        // With beta 0 the output is not read: NaN there must not reach the result.
                        let start = beta == 0 ? [Float](repeating: .nan, count: max(outputs * incy, 1))
                                              : values(max(outputs * incy, 1), seed: 3)
                        var ours = start, reference = start
                        a.withUnsafeBufferPointer { pa in
                            x.withUnsafeBufferPointer { px in
                                ours.withUnsafeMutableBufferPointer { py in
                                    Linalg.sgemv(transA: transA, m: m, n: n, alpha: 0.75, a: pa.baseAddress!, lda: lda,
                                                 x: px.baseAddress!, incx: incx, beta: beta, y: py.baseAddress!,
                                                 incy: incy)
                                }
                                reference.withUnsafeMutableBufferPointer { py in
                                    ReferenceKernels.sgemv(transA: transA, m: m, n: n, alpha: 0.75, a: pa.baseAddress!,
                                                           lda: lda, x: px.baseAddress!, incx: incx, beta: beta,
                                                           y: py.baseAddress!, incy: incy)
                                }
                            }
                        }
                        for i in 0..<(outputs * incy) {
                            if i % incy == 0 {
                                XCTAssertEqual(ours[i], reference[i], accuracy: 1e-4,
                                               "\(m)×\(n) transA \(transA) inc \(incx),\(incy) beta \(beta) at \(i)")
                            } else {
                                // Between strided outputs nothing is touched.
                                XCTAssertEqual(ours[i].bitPattern, start[i].bitPattern)
                            }
                        }
                    }
                }
            }
        }
    }

    func testHandsBackTheConfiguredThreadCount() {
        let saved = Linalg.threads
        defer { Linalg.setThreads(saved) }
        Linalg.setThreads(2)
        XCTAssertEqual(BLASThreads.current, 2)
        let a = values(64 * 50, seed: 4), x = values(64, seed: 5)
        var y = [Float](repeating: 0, count: 50)
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    Linalg.sgemv(transA: true, m: 64, n: 50, a: pa.baseAddress!, lda: 50, x: px.baseAddress!,
                                 y: py.baseAddress!)
                }
            }
        }
        XCTAssertEqual(BLASThreads.current, 2)
    }
}
