import XCTest
@testable import Projection

final class TSNETests: XCTestCase {
    /// Affinities of random data and a random spread-out embedding.
    private func fixture(n: Int, seed: UInt64) throws -> (SparseAffinities, [Double]) {
        let x = TestData.gaussian(rows: n, cols: 6, seed: seed)
        let p = try Affinities.compute(x, rows: n, cols: 6, perplexity: 5)
        var rng = SeededGenerator(seed: seed + 100)
        return (p, (0..<(2 * n)).map { _ in 3 * rng.nextGaussian() })
    }

    private func barnesHut(_ y: [Double], _ p: SparseAffinities, theta: Double, exaggeration: Double = 1,
                           threads: Int = 1) -> (kl: Double, gradient: [Double]) {
        let n = y.count / 2
        var ws = TSNEGradient.Workspace(points: n)
        var g = [Double](repeating: 0, count: 2 * n)
        let kl = y.withUnsafeBufferPointer { yb in
            g.withUnsafeMutableBufferPointer { gb in
                TSNEGradient.barnesHut(yb.baseAddress!, n: n, affinities: p, exaggeration: exaggeration, theta: theta,
                                       threads: threads, workspace: &ws, gradient: gb.baseAddress!, computeKL: true)
            }
        }
        return (kl ?? .nan, g)
    }

    /// 10-NN class accuracy: the mean fraction of each point's 10 nearest neighbours in `y` with its label.
    private func neighbourAccuracy(_ y: [Float], labels: [Int]) throws -> Double {
        let knn = try BruteForceKNN(y, rows: labels.count, cols: 2).neighborsOfIndexedPoints(k: 10, threads: 1)
        var hits = 0
        for i in labels.indices { hits += knn.indices(of: i).filter { labels[Int($0)] == labels[i] }.count }
        return Double(hits) / Double(10 * labels.count)
    }

    // MARK: - Gradient

    func testBarnesHutWithThetaZeroEqualsTheExactGradient() throws {
        let (p, y) = try fixture(n: 80, seed: 1)
        let exact = TSNEGradient.exact(y, affinities: p, exaggeration: 12)
        let bh = barnesHut(y, p, theta: 0, exaggeration: 12)
        let scale = exact.gradient.map(abs).max()!
        for i in y.indices { XCTAssertEqual(bh.gradient[i], exact.gradient[i], accuracy: 1e-12 * scale, "coordinate \(i)") }
        let exactKL = TSNEGradient.exact(y, affinities: p, exaggeration: 1).kl
        XCTAssertEqual(bh.kl, exactKL, accuracy: 1e-12 * abs(exactKL))
    }

    func testBarnesHutApproximatesTheExactGradientAndKL() throws {
        let (p, y) = try fixture(n: 300, seed: 2)
        let exact = TSNEGradient.exact(y, affinities: p, exaggeration: 1)
        let bh = barnesHut(y, p, theta: 0.5)
        var err = 0.0, norm = 0.0
        for i in y.indices { err += pow(bh.gradient[i] - exact.gradient[i], 2); norm += pow(exact.gradient[i], 2) }
        XCTAssertLessThan((err / norm).squareRoot(), 0.05, "relative gradient error")
        XCTAssertEqual(bh.kl, exact.kl, accuracy: 0.01 * exact.kl)
    }

    func testGradientDoesNotDependOnThreadCount() throws {
        let (p, y) = try fixture(n: 600, seed: 3)
        let one = barnesHut(y, p, theta: 0.5, threads: 1), two = barnesHut(y, p, theta: 0.5, threads: 3)
        XCTAssertEqual(one.gradient, two.gradient)
        XCTAssertEqual(one.kl, two.kl)
    }

    // MARK: - Affinities and tree

    func testAffinitiesReachThePerplexityAndAreSymmetric() throws {
        let n = 200, d = 4
        let x = TestData.gaussian(rows: n, cols: d, seed: 5).map { $0 * 1000 }   // far apart: no underflow
        let knn = try BruteForceKNN(x, rows: n, cols: d).neighborsOfIndexedPoints(k: 30, threads: 1)
        let cond = Affinities.conditional(knn, perplexity: 10, threads: 2)
        for i in 0..<n {
            let row = cond[(i * 30)..<((i + 1) * 30)].map(Double.init)
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-6)
            let entropy = -row.filter { $0 > 0 }.map { $0 * log($0) }.reduce(0, +)
            XCTAssertEqual(exp(entropy), 10, accuracy: 1e-4, "row \(i)")
        }
        let p = Affinities.joint(knn, conditional: cond, threads: 3)
        XCTAssertEqual(p.sum, 1, accuracy: 1e-6)
        XCTAssertEqual(Affinities.joint(knn, conditional: cond, threads: 1), p, "any thread count: the same matrix")
        var dense = [Float](repeating: 0, count: n * n)
        for i in 0..<n { for e in p.rowStart[i]..<p.rowStart[i + 1] { dense[i * n + Int(p.columns[e])] = p.values[e] } }
        for i in 0..<n { for j in 0..<n { XCTAssertEqual(dense[i * n + j], dense[j * n + i]) } }
        // each entry is (p_{j|i} + p_{i|j}) / 2N, from the lists
        for i in 0..<n {
            for s in 0..<30 {
                let j = Int(knn.indices[i * 30 + s])
                var expected = Double(cond[i * 30 + s])
                if let back = knn.indices(of: j).firstIndex(of: Int32(i)) { expected += Double(cond[back]) }
                XCTAssertEqual(Double(dense[i * n + j]), expected / Double(2 * n), accuracy: 1e-7 * expected)
            }
        }
        XCTAssert((0..<n).allSatisfy { dense[$0 * n + $0] == 0 })
    }

    func testQuadTreeHoldsEveryPointOnceWithCentresOfMass() {
        var rng = SeededGenerator(seed: 6)
        var y = (0..<1000).map { _ in rng.nextGaussian() }
        y[10] = y[0]; y[11] = y[1]    // a duplicate of point 0
        var tree = QuadTree()
        y.withUnsafeBufferPointer { tree.build($0.baseAddress!, count: 500) }
        let nodes = tree.nodes
        XCTAssertEqual(Int(nodes[0].count), 500)
        XCTAssertEqual(nodes[0].x, (0..<500).map { y[2 * $0] }.reduce(0, +) / 500, accuracy: 1e-12)
        var leafTotal = 0
        for (i, node) in nodes.enumerated() {
            XCTAssertGreaterThan(Int(node.skip), i)
            if node.isLeaf {
                XCTAssertEqual(Int(node.skip), i + 1)
                leafTotal += Int(node.count)
                XCTAssertEqual((0..<500).filter { tree.leafOf[$0] == Int32(i) }.count, Int(node.count))
            } else {
                // children: i + 1, then each child's skip, up to this node's skip
                var children: [QuadTree.Node] = []
                var c = i + 1
                while c < Int(node.skip) { children.append(nodes[c]); c = Int(nodes[c].skip) }
                XCTAssertEqual(c, Int(node.skip))
                XCTAssertGreaterThanOrEqual(children.count, 2)
                XCTAssertEqual(children.map { Int($0.count) }.reduce(0, +), Int(node.count))
                XCTAssertEqual(children.map { $0.x * Double($0.count) }.reduce(0, +) / Double(node.count), node.x, accuracy: 1e-12)
                XCTAssert(children.allSatisfy { $0.level > node.level })
            }
        }
        XCTAssertEqual(leafTotal, 500)
        XCTAssertEqual(tree.leafOf[0], tree.leafOf[5], "duplicates share a leaf")
    }

    // MARK: - Runs

    func testSeparatesWellSeparatedBlobs() throws {
        let (x, labels) = TestData.blobs(perBlob: 70, blobs: 3, cols: 10)
        var options = TSNEOptions()
        options.perplexity = 15
        options.iterations = 300
        options.earlyExaggerationIterations = 100
        options.threads = 2
        options.initialization = .random   // PCA alone would already separate the blobs
        var reports: [Int] = []
        let result = try TSNE.run(x, rows: 210, cols: 10, options: options) { reports.append($0.iteration); return true }
        var start = options
        start.iterations = 0
        let initial = try TSNE.run(x, rows: 210, cols: 10, options: start).embedding
        XCTAssertLessThan(try neighbourAccuracy(initial, labels: labels), 0.5, "the random start is not separated")
        XCTAssertGreaterThanOrEqual(try neighbourAccuracy(result.embedding, labels: labels), 0.95)
        XCTAssertEqual(reports, Array(stride(from: 25, through: 300, by: 25)))
        XCTAssertFalse(result.cancelled)
        XCTAssert(result.kl.isFinite && result.kl > 0)
    }

    func testSameSeedIsBitIdenticalAndOtherSeedsDiffer() throws {
        let x = TestData.gaussian(rows: 150, cols: 5, seed: 8)
        var options = TSNEOptions()
        options.iterations = 60
        options.earlyExaggerationIterations = 20
        options.threads = 2
        let a = try TSNE.run(x, rows: 150, cols: 5, options: options)
        let b = try TSNE.run(x, rows: 150, cols: 5, options: options)
        XCTAssertEqual(a.embedding, b.embedding)
        XCTAssertEqual(a.kl, b.kl)
        options.seed = 1
        XCTAssertNotEqual(try TSNE.run(x, rows: 150, cols: 5, options: options).embedding, a.embedding)
        options.seed = 0
        options.threads = 1
        XCTAssertEqual(try TSNE.run(x, rows: 150, cols: 5, options: options).embedding, a.embedding,
                       "per-point results are reduced in a fixed order, so even the thread count does not matter")
    }

    func testCancelStopsAtTheCallback() throws {
        let x = TestData.gaussian(rows: 50, cols: 3, seed: 9)
        var options = TSNEOptions()
        options.progressInterval = 10
        var calls = 0
        let result = try TSNE.run(x, rows: 50, cols: 3, options: options) { progress in
            calls += 1
            XCTAssertEqual(progress.embedding.count, 100)
            XCTAssertTrue(progress.isEarlyExaggeration)
            return calls < 2
        }
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(result.iterations, 20)
        XCTAssertEqual(result.embedding.count, 100)
    }

    /// The nearest-neighbour search reports its progress and can be stopped before any iteration (on 70,000
    /// points it takes longer than the iterations' first seconds, and Esc in the explorer has to stop it).
    func testTheNeighbourSearchReportsAndCanBeStopped() throws {
        let n = TSNE.neighborPart + 904
        let x = TestData.gaussian(rows: n, cols: 2, seed: 4)
        var options = TSNEOptions()
        options.iterations = 0
        var reports: [Int] = []
        var iterationReports = 0
        let stopped = try TSNE.run(x, rows: n, cols: 2, options: options) { _ in
            iterationReports += 1
            return true
        } neighbors: { done, total in
            XCTAssertEqual(total, n)
            reports.append(done)
            return done == 0
        }
        XCTAssertEqual(reports, [0, TSNE.neighborPart], "stopped after the first part")
        XCTAssertTrue(stopped.cancelled)
        XCTAssertEqual(stopped.iterations, 0)
        XCTAssertTrue(stopped.embedding.isEmpty)
        XCTAssertEqual(iterationReports, 0)

        reports = []
        let whole = try TSNE.run(x, rows: n, cols: 2, options: options, neighbors: { done, _ in
            reports.append(done)
            return true
        })
        XCTAssertEqual(reports, [0, TSNE.neighborPart, n])
        XCTAssertFalse(whole.cancelled)
        XCTAssertEqual(whole.embedding.count, 2 * n)
    }

    /// A stop request between progress reports ends the run after the current iteration.
    func testShouldStopEndsTheRunBetweenReports() throws {
        let x = TestData.gaussian(rows: 60, cols: 3, seed: 5)
        var options = TSNEOptions()
        options.progressInterval = 100
        var asked = 0, reports = 0
        let result = try TSNE.run(x, rows: 60, cols: 3, options: options, progress: { _ in
            reports += 1
            return true
        }, shouldStop: {
            asked += 1
            return asked == 3
        })
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(result.iterations, 3)
        XCTAssertEqual(reports, 0)
        XCTAssertEqual(result.embedding.count, 120)
        XCTAssertTrue(result.kl.isNaN, "no final KL pass for a cancelled run, and no report gave one")
    }

    func testTinyDuplicateAndConstantInputsGiveFiniteResults() throws {
        var options = TSNEOptions()
        options.iterations = 50
        options.earlyExaggerationIterations = 10
        let cases: [(String, [Float], Int, Int)] = [
            ("one point", [1, 2, 3], 1, 3),
            ("two points", [0, 0, 1, 1], 2, 2),
            ("three points", [0, 0, 1, 1, 5, 5], 3, 2),
            ("all duplicates", [Float](repeating: 4, count: 40), 20, 2),
            ("half duplicates", (0..<30).flatMap { i -> [Float] in i < 15 ? [1, 1, 1] : [Float(i), 0, 2] }, 30, 3),
            ("constant columns", (0..<40).flatMap { i -> [Float] in [7, Float(i % 7), 7, Float(i / 7)] }, 40, 4),
            ("one column", (0..<25).map { Float($0 % 5) }, 25, 1),
        ]
        for (name, x, rows, cols) in cases {
            let result = try TSNE.run(x, rows: rows, cols: cols, options: options)
            XCTAssertEqual(result.embedding.count, 2 * rows, name)
            XCTAssert(result.embedding.allSatisfy(\.isFinite), name)
            XCTAssert(result.kl.isFinite, name)
        }
        XCTAssertEqual(try TSNE.run([1, 2], rows: 2, cols: 1, options: options).perplexity, 1.0 / 3, accuracy: 1e-12)
        // a huge perplexity is lowered to what the points allow, not overflowed
        options.perplexity = 1e300
        XCTAssertEqual(try TSNE.run((0..<10).map(Float.init), rows: 5, cols: 2, options: options).perplexity, 4.0 / 3)
    }

    func testRejectsBadInputAndOptions() {
        XCTAssertThrowsError(try TSNE.run([0, .nan, 1, 1], rows: 2, cols: 2)) {
            XCTAssertEqual($0 as? ProjectionError, .nonFinite(row: 0, col: 1))
        }
        XCTAssertThrowsError(try TSNE.run([], rows: 0, cols: 2))
        var options = TSNEOptions()
        options.perplexity = 0
        XCTAssertThrowsError(try TSNE.run([0, 1, 2, 3], rows: 2, cols: 2, options: options))
        options = TSNEOptions()
        options.initialization = .given([0, 0])
        XCTAssertThrowsError(try TSNE.run([0, 1, 2, 3], rows: 2, cols: 2, options: options)) {
            XCTAssert(String(describing: $0).contains("initial embedding"))
        }
        options = TSNEOptions()
        options.threads = 0
        XCTAssertThrowsError(try TSNE.run([0, 1, 2, 3], rows: 2, cols: 2, options: options))
    }
}
