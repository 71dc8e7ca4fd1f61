import XCTest
@testable import Projection

final class NNDescentTests: XCTestCase {
    /// The mean fraction of each row's true neighbours that `got` found.
    private func recall(_ got: Neighbors, _ truth: Neighbors) -> Double {
        XCTAssertEqual(got.rows, truth.rows)
        XCTAssertEqual(got.k, truth.k)
        var found = 0
        for i in 0..<truth.rows { found += Set(truth.indices(of: i)).intersection(got.indices(of: i)).count }
        return Double(found) / Double(truth.rows * truth.k)
    }

    /// Clustered data in 12 dimensions: 40 Gaussian clusters of different spreads.
    private func clustered(rows: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        let centres = (0..<(40 * 12)).map { _ in Float(4 * rng.nextGaussian()) }
        return (0..<rows).flatMap { i -> [Float] in
            let c = i % 40, spread = Float(0.5 + Double(c % 4) * 0.3)
            return (0..<12).map { centres[c * 12 + $0] + spread * Float(rng.nextGaussian()) }
        }
    }

    func testRecallAgainstBruteForce() throws {
        let n = 4000, d = 12
        let x = clustered(rows: n, seed: 1)
        let exact = try BruteForceKNN(x, rows: n, cols: d)
        for k in [15, 40] {
            let built = try XCTUnwrap(try NNDescent.build(x, rows: n, cols: d, k: k, threads: 2))
            XCTAssertGreaterThan(built.iterations, 0, "the graph came from NN-descent, not the exact fallback")
            let r = recall(built.graph, exact.neighborsOfIndexedPoints(k: k, threads: 2))
            XCTAssertGreaterThanOrEqual(r, 0.98, "k = \(k)")
            // no row holds its own point or a repeat, distances ascend and are the true distances
            for i in 0..<n {
                let row = built.graph.indices(of: i)
                XCTAssertFalse(row.contains(Int32(i)))
                XCTAssertEqual(Set(row).count, k)
                let dist = Array(built.graph.distances(of: i))
                XCTAssertEqual(dist, dist.sorted())
                let j = Int(row.first!)
                var s: Float = 0
                for c in 0..<d { let t = x[i * d + c] - x[j * d + c]; s += t * t }
                XCTAssertEqual(dist[0], s.squareRoot(), accuracy: 1e-4 * max(1, dist[0]))
            }
        }
    }

    func testQueriesFindTheNearestIndexedPoints() throws {
        let n = 3000, d = 12
        let x = clustered(rows: n + 300, seed: 2)
        let reference = Array(x[0..<(n * d)]), queries = Array(x[(n * d)...])
        let index = try XCTUnwrap(try NNDescent.build(reference, rows: n, cols: d, k: 20, threads: 2))
        let got = index.query(queries, rows: 300, k: 15, threads: 2)
        let truth = try BruteForceKNN(reference, rows: n, cols: d).query(queries, rows: 300, k: 15, threads: 1)
        XCTAssertGreaterThanOrEqual(recall(got, truth), 0.95)
        XCTAssertEqual(got, index.query(queries, rows: 300, k: 15, threads: 1), "queries do not depend on threads")
    }

    func testSameSeedGivesIdenticalGraphsForAnyThreadCount() throws {
        let n = 2500, d = 12
        let x = clustered(rows: n, seed: 3)
        var options = NNDescent.Options()
        options.blockSize = 500   // several blocks per round
        options.seed = 7
        let a = try XCTUnwrap(try NNDescent.build(x, rows: n, cols: d, k: 10, options: options, threads: 2))
        let b = try XCTUnwrap(try NNDescent.build(x, rows: n, cols: d, k: 10, options: options, threads: 2))
        let c = try XCTUnwrap(try NNDescent.build(x, rows: n, cols: d, k: 10, options: options, threads: 3))
        XCTAssertEqual(a.graph.indices, b.graph.indices)
        XCTAssertEqual(a.graph.distances.map(\.bitPattern), b.graph.distances.map(\.bitPattern))
        XCTAssertEqual(a.graph, c.graph, "the updates of a block are applied per target in block order")
        XCTAssertEqual(a.iterations, c.iterations)
    }

    func testProgressReportsAndStops() throws {
        let n = 2000, d = 12
        let x = clustered(rows: n, seed: 4)
        var options = NNDescent.Options()
        options.blockSize = 400
        var reports: [(Int, Int)] = []
        let built = try NNDescent.build(x, rows: n, cols: d, k: 10, options: options, threads: 2) { done, total in
            reports.append((done, total))
            return true
        }
        XCTAssertNotNil(built)
        XCTAssertEqual(reports.first?.0, 0)
        XCTAssertEqual(reports.last.map { $0.0 == $0.1 }, true, "ends at the total")
        XCTAssert(zip(reports, reports.dropFirst()).allSatisfy { $0.0 <= $1.0 }, "never goes back")
        XCTAssertGreaterThan(reports.count, 10, "reports between blocks")
        var calls = 0
        let stopped = try NNDescent.build(x, rows: n, cols: d, k: 10, options: options, threads: 2) { _, _ in
            calls += 1
            return calls < 5
        }
        XCTAssertNil(stopped)
        XCTAssertEqual(calls, 5, "nothing runs after the stop")
    }

    func testSmallOrDegenerateInputs() throws {
        // few points: the exact graph
        let small = TestData.gaussian(rows: 50, cols: 3, seed: 5)
        let g = try XCTUnwrap(try NNDescent.build(small, rows: 50, cols: 3, k: 5))
        XCTAssertEqual(g.graph, try BruteForceKNN(small, rows: 50, cols: 3).neighborsOfIndexedPoints(k: 5, threads: 1))
        // k at or above N − 1 gives every other point
        XCTAssertEqual(try XCTUnwrap(try NNDescent.build(small, rows: 50, cols: 3, k: 80)).graph.k, 49)
        XCTAssertEqual(try XCTUnwrap(try NNDescent.build([1, 2], rows: 1, cols: 2, k: 3)).graph.k, 0)
        // all points equal: every neighbour at distance 0, no repeats, no hang
        let same = [Float](repeating: 3, count: 3000 * 4)
        let flat = try XCTUnwrap(try NNDescent.build(same, rows: 3000, cols: 4, k: 12, threads: 2))
        XCTAssert(flat.graph.distances.allSatisfy { $0 == 0 })
        XCTAssert((0..<3000).allSatisfy { Set(flat.graph.indices(of: $0)).count == 12 && !flat.graph.indices(of: $0).contains(Int32($0)) })
        XCTAssertThrowsError(try NNDescent.build([0, .nan, 1, 1], rows: 2, cols: 2, k: 1))
        XCTAssertThrowsError(try NNDescent.build([0, 1, 1, 1], rows: 2, cols: 2, k: 0))
    }

    func testKNNMethodsChooseByName() throws {
        let x = clustered(rows: 3000, seed: 6)
        let exact = try XCTUnwrap(try KNN.neighbors(x, rows: 3000, cols: 12, k: 10, method: .exact))
        XCTAssertEqual(try KNN.neighbors(x, rows: 3000, cols: 12, k: 10, method: .auto), exact,
                       "auto is exact below \(KNN.approximateFrom) points")
        let approx = try XCTUnwrap(try KNN.neighbors(x, rows: 3000, cols: 12, k: 10, method: .approx, threads: 2))
        XCTAssertGreaterThanOrEqual(recall(approx, exact), 0.98)
        XCTAssertFalse(KNN.isApproximate(.auto, rows: KNN.approximateFrom - 1))
        XCTAssertTrue(KNN.isApproximate(.auto, rows: KNN.approximateFrom))
        XCTAssertTrue(try KNN.index(x, rows: 3000, cols: 12, method: .approx, graphDegree: 10) is NNDescent)
    }
}
