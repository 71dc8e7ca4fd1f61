import XCTest
@testable import Projection

final class KNNTests: XCTestCase {
    /// Direct double-precision distances from every query to every point, sorted.
    private func reference(_ queries: [Float], rows: Int, _ points: [Float], count: Int, dim: Int,
                           excludeSelf: Bool) -> [[(Double, Int)]] {
        (0..<rows).map { i in
            (0..<count).compactMap { j -> (Double, Int)? in
                if excludeSelf && i == j { return nil }
                var s = 0.0
                for c in 0..<dim { let t = Double(queries[i * dim + c]) - Double(points[j * dim + c]); s += t * t }
                return (s.squareRoot(), j)
            }.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        }
    }

    private func assertMatches(_ got: Neighbors, _ expected: [[(Double, Int)]], k: Int,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.k, k, file: file, line: line)
        for (row, truth) in expected.enumerated() {
            let kth = truth[k - 1].0
            for s in 0..<k {
                XCTAssertEqual(Double(got.distances(of: row)[row * k + s]), truth[s].0, accuracy: 1e-4 * max(1, truth[s].0),
                               "row \(row) rank \(s)", file: file, line: line)
                // every returned neighbour is truly within the k-th distance
                let j = got.indices(of: row)[row * k + s]
                let dj = truth.first { $0.1 == Int(j) }!.0
                XCTAssertLessThanOrEqual(dj, kth + 1e-4, file: file, line: line)
            }
            XCTAssertEqual(Set(got.indices(of: row)).count, k, "no repeats", file: file, line: line)
        }
    }

    func testIndexedPointsEqualBruteForceAcrossBlocksAndThreads() throws {
        // more rows than one GEMM block so block boundaries are crossed
        for (n, d, k) in [(700, 5, 7), (90, 33, 10), (400, 2, 3)] {
            let x = TestData.gaussian(rows: n, cols: d, seed: UInt64(n + d))
            let index = try BruteForceKNN(x, rows: n, cols: d, queryBlock: 64, referenceBlock: 128)
            let expected = reference(Array(x[0..<(min(n, 120) * d)]), rows: min(n, 120), x, count: n, dim: d, excludeSelf: true)
            let one = index.neighborsOfIndexedPoints(k: k, threads: 1)
            let two = index.neighborsOfIndexedPoints(k: k, threads: 2)
            XCTAssertEqual(one, two, "threads do not change the result")
            let head = Neighbors(rows: min(n, 120), k: k, indices: Array(one.indices.prefix(min(n, 120) * k)),
                                 distances: Array(one.distances.prefix(min(n, 120) * k)))
            assertMatches(head, expected, k: k)
        }
    }

    /// Searching the indexed points in parts (t-SNE does, to report progress) gives the rows of the whole search.
    func testIndexedPointsInPartsEqualTheWholeSearch() throws {
        let (n, d, k) = (300, 4, 6)
        let x = TestData.gaussian(rows: n, cols: d, seed: 12)
        let index = try BruteForceKNN(x, rows: n, cols: d, queryBlock: 16, referenceBlock: 64)
        let whole = index.neighborsOfIndexedPoints(k: k, threads: 2)
        var indices: [Int32] = [], distances: [Float] = []
        for start in stride(from: 0, to: n, by: 77) {
            let part = index.neighborsOfIndexedPoints(k: k, threads: 2, rows: start..<min(n, start + 77))
            XCTAssertEqual(part.rows, min(n, start + 77) - start)
            indices += part.indices
            distances += part.distances
        }
        XCTAssertEqual(indices, whole.indices)
        XCTAssertEqual(distances, whole.distances)
        XCTAssertFalse(whole.indices.enumerated().contains { Int($0.element) == $0.offset / k }, "no point is its own neighbour")
    }

    /// A brute-force search with progress goes in work-sized parts (a stop waits one small part even over a million
    /// points), each thread gets rows of a part smaller than a block, and the joined parts equal the whole search.
    func testBruteForcePartsAreWorkSizedAndJoinToTheWholeSearch() throws {
        XCTAssertEqual(KNN.bruteForcePart(count: 1_000_000, threads: 2), 16)
        XCTAssertEqual(KNN.bruteForcePart(count: 70_000, threads: 2), 239)
        XCTAssertEqual(KNN.bruteForcePart(count: 1_000, threads: 2), KNN.treeSearchPart)
        XCTAssertEqual(KNN.bruteForcePart(count: 100_000_000, threads: 2), 2, "at least one row per thread")
        let (n, d, k) = (70_000, 12, 5)
        let x = TestData.gaussian(rows: n, cols: d, seed: 13)
        let index = try BruteForceKNN(x, rows: n, cols: d)
        var reports: [Int] = []
        let stopped = index.neighborsOfIndexedPoints(k: k, threads: 2) { done, _ in
            reports.append(done)
            return reports.count < 3
        }
        XCTAssertNil(stopped)
        XCTAssertEqual(reports, [0, 239, 478])
        let rows = 0..<1000
        var partial: [Int32] = []
        for start in stride(from: 0, to: rows.count, by: 239) {
            partial += index.neighborsOfIndexedPoints(k: k, threads: 2, rows: start..<min(rows.count, start + 239)).indices
        }
        XCTAssertEqual(partial, index.neighborsOfIndexedPoints(k: k, threads: 1, rows: rows).indices)
    }

    func testQueriesAndDuplicatesAndClampedK() throws {
        let d = 3
        let points: [Float] = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 5, 5, 5]
        let index = try BruteForceKNN(points, rows: 5, cols: d)
        let self3 = index.neighborsOfIndexedPoints(k: 3, threads: 1)
        // point 0 and point 3 are duplicates: each is the other's nearest neighbour at distance 0
        XCTAssertEqual(Array(self3.indices(of: 0)), [3, 1, 2])
        XCTAssertEqual(Array(self3.indices(of: 3)), [0, 1, 2])
        XCTAssertEqual(self3.distances(of: 0).first, 0)
        let q = index.query([0.9, 0, 0], rows: 1, k: 2, threads: 1)
        XCTAssertEqual(Array(q.indices), [1, 0])
        XCTAssertEqual(q.distances[0], 0.1, accuracy: 1e-6)
        // asking for more neighbours than exist gives all of them
        XCTAssertEqual(index.neighborsOfIndexedPoints(k: 10, threads: 1).k, 4)
        XCTAssertEqual(index.query([0, 0, 0], rows: 1, k: 10, threads: 1).k, 5)
        let single = try BruteForceKNN([1, 2], rows: 1, cols: 2)
        XCTAssertEqual(single.neighborsOfIndexedPoints(k: 5, threads: 1).k, 0)
    }

    func testVantagePointTreeEqualsBruteForce() throws {
        for (n, d, k) in [(600, 2, 10), (300, 7, 5), (40, 3, 39)] {
            let x = TestData.gaussian(rows: n, cols: d, seed: UInt64(10 * n + d))
            let tree = try VantagePointTree(x, rows: n, cols: d)
            let rows = min(n, 120)
            let expected = reference(Array(x[0..<(rows * d)]), rows: rows, x, count: n, dim: d, excludeSelf: true)
            let got = tree.neighborsOfIndexedPoints(k: k, threads: 2)
            XCTAssertEqual(got, tree.neighborsOfIndexedPoints(k: k, threads: 1))
            assertMatches(Neighbors(rows: rows, k: k, indices: Array(got.indices.prefix(rows * k)),
                                    distances: Array(got.distances.prefix(rows * k))), expected, k: k)
            // queries at new points
            let q = TestData.gaussian(rows: 50, cols: d, seed: 77)
            assertMatches(tree.query(q, rows: 50, k: min(k, n), threads: 1),
                          reference(q, rows: 50, x, count: n, dim: d, excludeSelf: false), k: min(k, n))
        }
    }

    func testVantagePointTreeWithDuplicatesAndGrid() throws {
        // a lattice has many equal distances: ties must resolve by index exactly as brute force does
        let grid = (0..<400).flatMap { i -> [Float] in [Float(i % 20), Float(i / 20)] }
        let tree = try VantagePointTree(grid, rows: 400, cols: 2)
        let brute = try BruteForceKNN(grid, rows: 400, cols: 2)
        XCTAssertEqual(tree.neighborsOfIndexedPoints(k: 6, threads: 1), brute.neighborsOfIndexedPoints(k: 6, threads: 1))
        let same = [Float](repeating: 1, count: 60)
        let dup = try VantagePointTree(same, rows: 30, cols: 2)
        let r = dup.neighborsOfIndexedPoints(k: 3, threads: 1)
        XCTAssertEqual(Array(r.indices(of: 0)), [1, 2, 3])
        XCTAssertEqual(Array(r.indices(of: 29)), [0, 1, 2])
        XCTAssertEqual(try VantagePointTree([1, 2], rows: 1, cols: 2).neighborsOfIndexedPoints(k: 3, threads: 1).k, 0)
    }

    func testTheIndexIsATreeUpToItsDimensionLimitAndBruteForceAbove() throws {
        let low = KNN.treeDimensionLimit, high = KNN.treeDimensionLimit + 1
        XCTAssertTrue(try KNN.index(TestData.gaussian(rows: 50, cols: 2, seed: 1), rows: 50, cols: 2) is VantagePointTree)
        XCTAssertTrue(try KNN.index(TestData.gaussian(rows: 50, cols: low, seed: 2), rows: 50, cols: low) is VantagePointTree)
        XCTAssertTrue(try KNN.index(TestData.gaussian(rows: 50, cols: high, seed: 3), rows: 50, cols: high) is BruteForceKNN)
    }

    func testBoundedHeapKeepsTheSmallest() {
        var keys = [Float](repeating: 0, count: 4), values = [Int32](repeating: 0, count: 4)
        keys.withUnsafeMutableBufferPointer { kb in
            values.withUnsafeMutableBufferPointer { vb in
                var heap = BoundedHeap(keys: kb.baseAddress!, values: vb.baseAddress!, capacity: 4)
                for (i, v) in [9, 3, 7, 1, 8, 2, 2, 6].enumerated() { heap.offer(Float(v), Int32(i)) }
                heap.sortAscending()
            }
        }
        XCTAssertEqual(keys, [1, 2, 2, 3])
        XCTAssertEqual(values, [3, 5, 6, 1])
    }

    func testRejectsNaN() {
        XCTAssertThrowsError(try BruteForceKNN([0, .nan], rows: 1, cols: 2))
    }
}
