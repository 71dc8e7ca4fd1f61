import XCTest
@testable import Projection

final class SymmetricEigenTests: XCTestCase {
    /// ‖A v − λ v‖ for every returned pair, and the orthonormality of the vectors.
    private func assertValid(_ a: [Double], n: Int, _ e: SymmetricEigen.Decomposition, tolerance: Double,
                             file: StaticString = #filePath, line: UInt = #line) {
        let scale = max(e.values.map(abs).max() ?? 1, 1)
        for i in 0..<e.vectorCount {
            let v = e.vector(i)
            var residual = 0.0
            for r in 0..<n {
                var av = 0.0
                for c in 0..<n { av += a[r * n + c] * v[c] }
                residual = max(residual, abs(av - e.values[i] * v[r]))
            }
            XCTAssertLessThan(residual, tolerance * scale, "residual of vector \(i)", file: file, line: line)
            for j in 0...i {
                let w = e.vector(j)
                let dot = zip(v, w).map { $0 * $1 }.reduce(0, +)
                XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: tolerance, "⟨v\(i), v\(j)⟩", file: file, line: line)
            }
        }
        for i in 1..<n { XCTAssertGreaterThanOrEqual(e.values[i - 1], e.values[i], file: file, line: line) }
    }

    func testRandomMatricesMatchJacobiWithBothVectorMethods() throws {
        for (n, seed) in [(1, 1), (2, 2), (3, 3), (7, 4), (40, 5), (90, 6)] as [(Int, UInt64)] {
            let a = TestData.symmetric(n: n, seed: seed)
            let reference = JacobiEigen.decompose(a, n: n)
            for method in [SymmetricEigen.VectorMethod.inverseIteration, .qlRotations] {
                let e = try SymmetricEigen.decompose(a, n: n, vectors: n, method: method)
                for i in 0..<n { XCTAssertEqual(e.values[i], reference.values[i], accuracy: 1e-10 * Double(n)) }
                assertValid(a, n: n, e, tolerance: 1e-9)
                for i in 0..<n {
                    let r = Array(reference.vectors[(i * n)..<((i + 1) * n)])
                    XCTAssertGreaterThan(absCosine(e.vector(i), r), 1 - 1e-9, "n=\(n) vector \(i) \(method)")
                }
            }
        }
    }

    func testRepeatedAndZeroEigenvaluesGiveAnOrthonormalBasis() throws {
        let n = 30
        // Q diag(3,3,3,1,…,1,0,0) Qᵀ with a random orthogonal Q from the Jacobi reference of a random matrix.
        let q = JacobiEigen.decompose(TestData.symmetric(n: n, seed: 9), n: n).vectors
        let lambdas = (0..<n).map { $0 < 3 ? 3.0 : ($0 >= n - 2 ? 0.0 : 1.0) }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += q[k * n + i] * lambdas[k] * q[k * n + j] } } }
        for method in [SymmetricEigen.VectorMethod.inverseIteration, .qlRotations] {
            let e = try SymmetricEigen.decompose(a, n: n, vectors: n, method: method)
            for i in 0..<n { XCTAssertEqual(e.values[i], lambdas[i], accuracy: 1e-10) }
            assertValid(a, n: n, e, tolerance: 1e-8)
        }
        let zero = try SymmetricEigen.decompose([Double](repeating: 0, count: 25), n: 5, vectors: 5, method: .inverseIteration)
        XCTAssertEqual(zero.values, [0, 0, 0, 0, 0])
        assertValid([Double](repeating: 0, count: 25), n: 5, zero, tolerance: 1e-12)
    }

    func testDiagonalAndAlreadyTridiagonalMatrices() throws {
        let n = 6
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { a[i * n + i] = Double(i) - 2.5 }
        let e = try SymmetricEigen.decompose(a, n: n, vectors: 2, method: .inverseIteration)
        XCTAssertEqual(e.values, [2.5, 1.5, 0.5, -0.5, -1.5, -2.5])
        XCTAssertEqual(e.vector(0)[5], 1, accuracy: 1e-12)
        XCTAssertEqual(e.vector(1)[4], 1, accuracy: 1e-12)
    }

    func testLargeMatrixIsValidAndIndependentOfThreadCount() throws {
        // above 192 rows the reduction runs on several threads
        let n = 230
        let a = TestData.symmetric(n: n, seed: 21)
        let one = try SymmetricEigen.decompose(a, n: n, vectors: 3, threads: 1)
        let three = try SymmetricEigen.decompose(a, n: n, vectors: 3, threads: 3)
        XCTAssertEqual(one, three)
        assertValid(a, n: n, one, tolerance: 1e-9)
        XCTAssertEqual(one.values.reduce(0, +), (0..<n).map { a[$0 * n + $0] }.reduce(0, +), accuracy: 1e-9 * Double(n))
    }

    func testRejectsBadInput() {
        XCTAssertThrowsError(try SymmetricEigen.decompose([1, 2, 3], n: 2, vectors: 1))
        XCTAssertThrowsError(try SymmetricEigen.decompose([1, .nan, .nan, 1], n: 2, vectors: 1)) { error in
            XCTAssertEqual(error as? ProjectionError, .nonFinite(row: 0, col: 1))
        }
        XCTAssertThrowsError(try SymmetricEigen.decompose([1], n: 1, vectors: 2))
    }
}
