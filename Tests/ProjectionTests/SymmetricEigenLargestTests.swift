import XCTest
@testable import Projection

final class SymmetricEigenLargestTests: XCTestCase {
    /// A covariance-like matrix: Gram matrix of Gaussian data with planted decaying column scales.
    private func covariance(n: Int, seed: UInt64) -> [Double] {
        let rows = 3 * n
        let x = TestData.gaussian(rows: rows, cols: n, seed: seed)
        var a = [Double](repeating: 0, count: n * n)
        for r in 0..<rows {
            for i in 0..<n {
                let xi = Double(x[r * n + i]) / Double(i + 1)
                for j in 0..<n { a[i * n + j] += xi * Double(x[r * n + j]) / Double(j + 1) }
            }
        }
        return a
    }

    func testLanczosPairsAgreeWithTheFullDecomposition() throws {
        for (n, count) in [(100, 2), (150, 5), (300, 1)] {
            let a = covariance(n: n, seed: UInt64(n))
            let full = try SymmetricEigen.decompose(a, n: n, vectors: count)
            let fast = try SymmetricEigen.largest(a, n: n, count: count)
            XCTAssertEqual(fast.values.count, count)
            for i in 0..<count {
                XCTAssertEqual(fast.values[i], full.values[i], accuracy: 1e-10 * full.values[0], "n=\(n) value \(i)")
                let v = Array(fast.vectors[(i * n)..<((i + 1) * n)])
                // same orientation rule, so the vectors agree entry by entry, not only up to sign
                for (p, q) in zip(v, full.vector(i)) { XCTAssertEqual(p, q, accuracy: 1e-7, "n=\(n) vector \(i)") }
            }
        }
    }

    func testSmallOrManyPairsAndBadInputGoThroughTheFullDecomposition() throws {
        let a = covariance(n: 40, seed: 3)
        let full = try SymmetricEigen.decompose(a, n: 40, vectors: 20)
        let many = try SymmetricEigen.largest(a, n: 40, count: 20)
        XCTAssertEqual(many.values, Array(full.values.prefix(20)))
        XCTAssertEqual(many.vectors, full.vectors)
        var bad = covariance(n: 100, seed: 4)
        bad[5] = .nan
        XCTAssertThrowsError(try SymmetricEigen.largest(bad, n: 100, count: 2)) { error in
            XCTAssertEqual(error as? ProjectionError, .nonFinite(row: 0, col: 5))
        }
        XCTAssertThrowsError(try SymmetricEigen.largest(a, n: 40, count: 41))
    }
}
