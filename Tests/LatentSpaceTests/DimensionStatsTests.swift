import XCTest
@testable import LatentSpace

final class DimensionStatsTests: XCTestCase {
    func testMeanStdAndKLPerDimension() {
        // Two points, two dimensions: dim 0 varies, dim 1 is constant.
        let codes: [Float] = [1, 5, 3, 5]
        let logvar: [Float] = [0, -2, 0, -2]
        let stats = DimensionStats(codes: codes, logvar: logvar, dimensions: 2)
        XCTAssertEqual(stats.mean, [2, 5])
        XCTAssertEqual(stats.std, [1, 0])
        // ½(μ² + e^lv − lv − 1): dim 0 → ½(1 + 1 − 0 − 1) and ½(9 + 0) averaged = (0.5 + 4.5)/2.
        XCTAssertEqual(stats.kl![0], 2.5, accuracy: 1e-6)
        XCTAssertEqual(stats.kl![1], 0.5 * (25 + exp(-2) + 2 - 1), accuracy: 1e-5)
        XCTAssertEqual(stats.activeUnits, [0, 1])
        XCTAssertEqual(stats.byActivity, [1, 0])
    }

    func testInactiveUnitsAreThoseWithTinyKL() {
        // A dimension that copies the prior (μ = 0, log σ² = 0) carries no information.
        let stats = DimensionStats(codes: [0, 1, 0, -1], logvar: [0, 0, 0, 0], dimensions: 2)
        XCTAssertEqual(stats.kl![0], 0, accuracy: 1e-7)
        XCTAssertEqual(stats.activeUnits, [1])
    }

    func testTraversalAtZeroSigmaIsThePointItself() {
        let stats = DimensionStats(codes: [0, 0, 2, 4], dimensions: 2)
        let point: [Float] = [0.5, -1]
        let t = stats.traversal(of: point, dimension: 1)
        XCTAssertEqual(t.count, 7)
        XCTAssertEqual(t[3], point)
        XCTAssertEqual(t[0], [0.5, -1 - 3 * 2])
        XCTAssertEqual(t[6], [0.5, -1 + 3 * 2])
        XCTAssertNil(stats.kl)
        XCTAssertEqual(stats.activeUnits, [0, 1], "without KL every dimension counts")
    }

    func testClassMeansAndDirections() {
        let codes: [Float] = [0, 0, 2, 2, 10, 0]
        let means = DimensionStats.classMeans(codes: codes, labels: [0, 0, 1], dimensions: 2, classCount: 3)
        XCTAssertEqual(means[0], [1, 1])
        XCTAssertEqual(means[1], [10, 0])
        XCTAssertNil(means[2])
        XCTAssertEqual(DimensionStats.classDirection(from: means[0]!, to: means[1]!), [9, -1])
    }

    func testPercentileRanks() {
        XCTAssertEqual(Percentiles.ranks([3, 1, 2, 4]), [75, 25, 50, 100])
        XCTAssertEqual(Percentiles.ranks([1, 1, 2]), [Float(2) / 3 * 100, Float(2) / 3 * 100, 100])
        XCTAssertEqual(Percentiles.ranks([.nan, 0])[0], 50)
        XCTAssertEqual(Percentiles.ranks([]), [])
    }
}
