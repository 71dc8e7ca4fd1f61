@testable import Projection
import XCTest

/// The randomised PCA of wide matrices agrees with the covariance PCA: planted variances and directions.
final class RandomizedPCATests: XCTestCase {
    /// `rows × cols` data with decaying variances along 6 random orthogonal-ish directions, plus small noise.
    private func data(rows: Int, cols: Int) -> [Float] {
        var g = SeededGenerator(seed: 7)
        let directions = (0..<6).map { _ in (0..<cols).map { _ in Float(g.nextGaussian()) / Float(cols).squareRoot() } }
        let scales: [Float] = [10, 6, 4, 2.5, 1.5, 1]
        var x = [Float](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for (k, dir) in directions.enumerated() {
                let t = Float(g.nextGaussian()) * scales[k]
                for c in 0..<cols { x[r * cols + c] += t * dir[c] }
            }
            for c in 0..<cols { x[r * cols + c] += 0.05 * Float(g.nextGaussian()) + 3 }
        }
        return x
    }

    func testAgreesWithTheCovariancePCA() throws {
        let rows = 300, cols = 400, k = 5
        let x = data(rows: rows, cols: cols)
        let exact = try PCA.fit(x, rows: rows, cols: cols, components: k)
        let fast = try PCA.fitRandomized(x, rows: rows, cols: cols, components: k)
        XCTAssertEqual(fast.totalVariance, exact.totalVariance, accuracy: 1e-3 * exact.totalVariance)
        for i in 0..<k {
            XCTAssertEqual(fast.explainedVariance[i], exact.explainedVariance[i], accuracy: 1e-3 * exact.explainedVariance[i], "variance \(i)")
            let cosine = zip(fast.component(i), exact.component(i)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            XCTAssertGreaterThan(abs(cosine), 0.999, "direction \(i)")
        }
        for j in 0..<cols { XCTAssertEqual(fast.mean[j], exact.mean[j], accuracy: 1e-4) }
    }

    /// Above the column limit `fit` takes the randomised path (no cols × cols matrix) and still finds the
    /// planted variances.
    func testWideMatricesUseTheRandomisedPath() throws {
        let rows = 120, cols = PCA.covarianceColumnLimit + 100
        let x = data(rows: rows, cols: cols)
        let pca = try PCA.fit(x, rows: rows, cols: cols, components: 3)
        XCTAssertEqual(pca, try PCA.fitRandomized(x, rows: rows, cols: cols, components: 3))
        XCTAssertGreaterThan(pca.explainedVariance[0], pca.explainedVariance[1])
        XCTAssertGreaterThan(pca.explainedVarianceRatio[0], 0.4)
    }
}
