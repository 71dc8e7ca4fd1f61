import XCTest
@testable import Tensors

/// `Linalg.dsymvUpper` against the plain reference, with a padded row stride and garbage below the diagonal (which
/// must not be read).
final class SymmetricMatrixVectorTests: XCTestCase {
    func testAgreesWithTheReferenceAndReadsOnlyTheUpperTriangle() {
        for n in [1, 2, 7, 64, 300] {
            let lda = n + 3
            var s: UInt64 = UInt64(n)
            func next() -> Double {
                s = s &* 6364136223846793005 &+ 1442695040888963407
                return Double(Int64(bitPattern: s >> 11) % 2001 - 1000) / 1000
            }
            var a = (0..<(n * lda)).map { _ in next() }
            for i in 0..<n { for j in 0..<i { a[i * lda + j] = .nan } }
            let x = (0..<n).map { _ in next() }
            var ours = [Double](repeating: .nan, count: n), reference = ours
            a.withUnsafeBufferPointer { pa in
                x.withUnsafeBufferPointer { px in
                    ours.withUnsafeMutableBufferPointer { py in
                        Linalg.dsymvUpper(n: n, a: pa.baseAddress!, lda: lda, x: px.baseAddress!, y: py.baseAddress!)
                    }
                    reference.withUnsafeMutableBufferPointer { py in
                        ReferenceKernels.dsymvUpper(n: n, a: pa.baseAddress!, lda: lda, x: px.baseAddress!,
                                                    y: py.baseAddress!)
                    }
                }
            }
            for i in 0..<n { XCTAssertEqual(ours[i], reference[i], accuracy: 1e-12 * Double(n), "n=\(n) row \(i)") }
        }
    }
}
