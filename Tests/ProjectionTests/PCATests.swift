import Tensors
import XCTest
@testable import Projection

final class PCATests: XCTestCase {
    func testRecoversPlantedAxesAndVariances() throws {
        // Data spread along three orthonormal planted axes with standard deviations 5, 2 and 0.5, plus an offset.
        let n = 4000, d = 10
        let axes: [[Float]] = [
            [1, 1, 0, 0, 0, 0, 0, 0, 0, 0].map { $0 / Float(2).squareRoot() },
            [0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
            [1, -1, 0, 0, 0, 0, 0, 0, 0, 0].map { $0 / Float(2).squareRoot() },
        ]
        let stds: [Float] = [5, 2, 0.5]
        var rng = SeededGenerator(seed: 3)
        var x = [Float](repeating: 0, count: n * d)
        var scores = [[Double]](repeating: [], count: 3)
        for r in 0..<n {
            for (i, (a, s)) in zip(axes, stds).enumerated() {
                let t = s * Float(rng.nextGaussian())
                scores[i].append(Double(t))
                for c in 0..<d { x[r * d + c] += t * a[c] }
            }
            for c in 0..<d { x[r * d + c] += 100 + 0.01 * Float(rng.nextGaussian()) }
        }
        let pca = try PCA.fit(x, rows: n, cols: d, components: 3)
        for i in 0..<3 {
            XCTAssertGreaterThan(absCosine(pca.component(i), axes[i]), 0.999, "axis \(i)")
            // the variance along the axis is that of the planted scores (up to the small isotropic noise)
            let mean = scores[i].reduce(0, +) / Double(n)
            let planted = scores[i].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
            XCTAssertEqual(pca.explainedVariance[i], planted, accuracy: 0.01 * planted, "variance \(i)")
            XCTAssertEqual(planted, Double(stds[i] * stds[i]), accuracy: 0.1 * Double(stds[i] * stds[i]))
        }
        let total = stds.map { Double($0 * $0) }.reduce(0, +)
        XCTAssertEqual(pca.explainedVarianceRatio.reduce(0, +), 1, accuracy: 0.01)
        XCTAssertEqual(pca.explainedVarianceRatio[0], 25 / total, accuracy: 0.02)
        XCTAssertEqual(pca.mean[0], 100, accuracy: 0.3)
    }

    func testMatchesNumpyEighOnTheFixture() throws {
        let x = try NPY.read(TestData.fixtures.appendingPathComponent("pca_input.npy"))
        let values = try XCTUnwrap(NPY.read(TestData.fixtures.appendingPathComponent("pca_eigvals.npy")).doubles)
        let vectors = try XCTUnwrap(NPY.read(TestData.fixtures.appendingPathComponent("pca_eigvecs.npy")).doubles)
        let (n, d) = (x.shape[0], x.shape[1])
        let pca = try PCA.fit(x.floatValues(), rows: n, cols: d, components: d)
        for i in 0..<d {
            XCTAssertGreaterThanOrEqual(absCosine(pca.component(i), Array(vectors[(i * d)..<((i + 1) * d)])), 0.9999,
                                        "component \(i)")
            XCTAssertEqual(pca.explainedVariance[i], values[i], accuracy: 1e-4 * values[i] + 1e-6, "variance \(i)")
        }
        XCTAssertEqual(pca.totalVariance, values.reduce(0, +), accuracy: 1e-5 * values.reduce(0, +))
    }

    func testFloat32CovarianceAgreesWithFloat64() throws {
        let x = try NPY.read(TestData.fixtures.appendingPathComponent("pca_input.npy"))
        let (n, d) = (x.shape[0], x.shape[1])
        let single = Covariance.compute(x.floatValues(), rows: n, cols: d, float64: false)
        let double = Covariance.compute(x.floatValues(), rows: n, cols: d, float64: true)
        let scale = double.covariance.map(abs).max()!
        for i in 0..<(d * d) { XCTAssertEqual(single.covariance[i], double.covariance[i], accuracy: 1e-6 * scale) }
        XCTAssertEqual(single.mean, double.mean)
        XCTAssertEqual(single.total, double.total, accuracy: 1e-6 * double.total)
        // the offset of 50 does not leak into the covariance: centring happens before the product
        let values = try XCTUnwrap(NPY.read(TestData.fixtures.appendingPathComponent("pca_eigvals.npy")).doubles)
        let eig = try SymmetricEigen.decompose(single.covariance, n: d, vectors: 1)
        XCTAssertEqual(eig.values[0], values[0], accuracy: 1e-5 * values[0], "first eigenvalue to five digits")
    }

    func testFloat32CovarianceAccumulatesRowBlocks() {
        // more rows than one centred block, and not a multiple of it, with an offset that centring must remove
        let n = Covariance.floatGramRowBlock * 2 + 37, d = 6
        let x = TestData.gaussian(rows: n, cols: d, seed: 9).map { $0 + 50 }
        let single = Covariance.compute(x, rows: n, cols: d, float64: false)
        let double = Covariance.compute(x, rows: n, cols: d, float64: true)
        let scale = double.covariance.map(abs).max()!
        for i in 0..<(d * d) { XCTAssertEqual(single.covariance[i], double.covariance[i], accuracy: 1e-5 * scale) }
    }

    func testFitAndTransformDoNotDependOnTheThreadCount() throws {
        // enough rows for the float32 covariance (in lanes), split means, projection blocks and NaN scan
        let d = 70, n = Covariance.float64Limit / (d * d) + 101
        let x = TestData.gaussian(rows: n, cols: d, seed: 12).enumerated().map { $1 * Float($0 % d + 1) + 3 }
        let one = try PCA.fit(x, rows: n, cols: d, components: 3, threads: 1)
        let two = try PCA.fit(x, rows: n, cols: d, components: 3, threads: 2)
        XCTAssertEqual(one, two)
        let scores = x.withUnsafeBufferPointer { one.transform($0, rows: n, threads: 1) }
        XCTAssertEqual(x.withUnsafeBufferPointer { one.transform($0, rows: n, threads: 2) }, scores)
        XCTAssertEqual(one.transform(x, rows: n), scores)
    }

    func testTransformProjectsNewPointsConsistently() throws {
        let n = 200, d = 5
        let x = TestData.gaussian(rows: n, cols: d, seed: 4)
        let pca = try PCA.fit(x, rows: n, cols: d, components: 2)
        let all = pca.transform(x, rows: n)
        // one row at a time gives the same coordinates as the batch
        for r in [0, 17, 199] {
            let single = pca.transform(Array(x[(r * d)..<((r + 1) * d)]), rows: 1)
            XCTAssertEqual(single[0], all[r * 2], accuracy: 1e-5)
            XCTAssertEqual(single[1], all[r * 2 + 1], accuracy: 1e-5)
        }
        // projected coordinates are centred, with the explained variances
        for k in 0..<2 {
            let col = (0..<n).map { Double(all[$0 * 2 + k]) }
            let mean = col.reduce(0, +) / Double(n)
            let variance = col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
            XCTAssertEqual(mean, 0, accuracy: 1e-4)
            XCTAssertEqual(variance, pca.explainedVariance[k], accuracy: 1e-3 * pca.explainedVariance[k])
        }
        // with every component, the inverse transform reconstructs the data
        let full = try PCA.fit(x, rows: n, cols: d, components: d)
        let back = full.inverseTransform(full.transform(x, rows: n), rows: n)
        for i in 0..<(n * d) { XCTAssertEqual(back[i], x[i], accuracy: 1e-4) }
    }

    func testDegenerateInputsGiveAResult() throws {
        // one row: no variance, ratios 0
        let one = try PCA.fit([1, 2, 3], rows: 1, cols: 3, components: 2)
        XCTAssertEqual(one.explainedVarianceRatio, [0, 0])
        XCTAssertEqual(one.transform([1, 2, 3], rows: 1), [0, 0])
        // duplicate rows and a constant column
        let dup: [Float] = [1, 5, 2, 1, 5, 2, 3, 5, 0, 3, 5, 0]
        let pca = try PCA.fit(dup, rows: 4, cols: 3, components: 3)
        XCTAssertEqual(pca.explainedVarianceRatio[0], 1, accuracy: 1e-6)
        XCTAssertEqual(pca.explainedVariance[1], 0, accuracy: 1e-6)
        XCTAssertEqual(absCosine(pca.component(0), [1, 0, -1] as [Float]), 1, accuracy: 1e-6)
        XCTAssertEqual(pca.component(1).count, 3)
        XCTAssert(pca.components.allSatisfy(\.isFinite))
    }

    func testRejectsBadInput() {
        XCTAssertThrowsError(try PCA.fit([], rows: 0, cols: 3, components: 1)) {
            XCTAssertEqual($0 as? ProjectionError, .empty(rows: 0, cols: 3))
        }
        XCTAssertThrowsError(try PCA.fit([1, .nan, 3, 4], rows: 2, cols: 2, components: 1)) {
            XCTAssertEqual($0 as? ProjectionError, .nonFinite(row: 0, col: 1))
            XCTAssert(String(describing: $0).contains("row 0, column 1"))
        }
        XCTAssertThrowsError(try PCA.fit([1, 2, 3, 4], rows: 2, cols: 2, components: 3))
        XCTAssertThrowsError(try PCA.fit([1, 2, 3], rows: 2, cols: 2, components: 1))
    }
}
