import Foundation
import XCTest
@testable import Projection

final class UMAPTests: XCTestCase {
    /// umap-learn 0.5.12's `find_ab_params(spread, min_dist)`, computed once with
    /// `python -c "from umap.umap_ import find_ab_params; print(find_ab_params(1.0, 0.1))"` (and the other pairs).
    func testTheCurveFitMatchesUmapLearn() {
        let expected: [(minDist: Double, spread: Double, a: Double, b: Double)] = [
            (0.1, 1, 1.5769434602697652, 0.8950608778515733),
            (0.001, 1, 1.929073395935085, 0.7915045334274393),
            (0.01, 1, 1.8956058664339035, 0.8006378442860499),
            (0.5, 1, 0.5830300203414425, 1.3341669924314914),
            (0.25, 2, 0.41627349667013186, 0.9218551324072873),
            (0, 1, 1.93280839734315, 0.7904949732233831),
            (0.99, 1, 0.11930529992407873, 1.9163904168802517),
        ]
        for e in expected {
            let (a, b) = UMAPCurve.fit(minDist: e.minDist, spread: e.spread)
            XCTAssertEqual(a, e.a, accuracy: 1e-5 * e.a, "a for min_dist \(e.minDist), spread \(e.spread)")
            XCTAssertEqual(b, e.b, accuracy: 1e-5 * e.b, "b for min_dist \(e.minDist), spread \(e.spread)")
        }
    }

    func testSmoothDistancesHitTheirTargetAndTheUnionIsSymmetric() throws {
        let (x, _) = TestData.blobs(perBlob: 60, blobs: 3, cols: 4, separation: 6)
        let n = 180, k = 9
        let knn = try KNN.index(x, rows: n, cols: 4).neighborsOfIndexedPoints(k: k, threads: 1)
        let (sigma, rho) = FuzzySimplicialSet.smoothDistances(knn, threads: 2)
        for i in 0..<n {
            XCTAssertEqual(Float(rho[i]), knn.distances[i * k], "ρ is the nearest non-zero distance")
            let sum = (0..<k).reduce(0.0) { s, j in s + exp(-max(0, Double(knn.distances[i * k + j]) - rho[i]) / sigma[i]) }
            XCTAssertEqual(sum, log2(Double(k + 1)), accuracy: 1e-4, "row \(i)")
        }
        let graph = FuzzySimplicialSet.build(knn, threads: 2)
        var entries: [Int: Float] = [:]
        for i in 0..<n {
            let columns = graph.columns[graph.rowStart[i]..<graph.rowStart[i + 1]]
            XCTAssertEqual(Array(columns), columns.sorted(), "columns ascend")
            for p in graph.rowStart[i]..<graph.rowStart[i + 1] {
                XCTAssertNotEqual(Int(graph.columns[p]), i, "no self loops")
                XCTAssertTrue(graph.weights[p] > 0 && graph.weights[p] <= 1)
                entries[i * n + Int(graph.columns[p])] = graph.weights[p]
            }
        }
        for (key, w) in entries { XCTAssertEqual(entries[(key % n) * n + key / n], w, "symmetric") }
        // the union of a → b (strength s) and b → a (t) is s + t − s·t
        let i = 0, j = Int(knn.indices[0])
        let forward = Float(exp(-max(0, Double(knn.distances[0]) - rho[0]) / sigma[0]))
        let back = knn.indices(of: j).firstIndex(of: Int32(i)).map { p in
            Float(exp(-max(0, Double(knn.distances[p]) - rho[j]) / sigma[j]))
        } ?? 0
        XCTAssertEqual(entries[i * n + j]!, forward + back - forward * back, accuracy: 1e-6)
    }

    func testLanczosFindsTheLargestEigenpairsOutsideTheDeflatedVector() throws {
        let n = 200
        let a = TestData.symmetric(n: n, seed: 4)
        var u = (0..<n).map { Double($0 % 7) + 1 }
        let length = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        u = u.map { $0 / length }
        // in the complement of u the operator acts as P·A·P, P = I − u·uᵀ
        var p = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { p[i * n + j] = (i == j ? 1 : 0) - u[i] * u[j] } }
        func product(_ x: [Double], _ y: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for k in 0..<n { let v = x[i * n + k]; for j in 0..<n { out[i * n + j] += v * y[k * n + j] } } }
            return out
        }
        let pap = product(product(p, a), p)
        let exact = try SymmetricEigen.decompose(pap, n: n, vectors: 3)
        for threads in [1, 3] {
            let found = try XCTUnwrap(a.withUnsafeBufferPointer { ab in
                nonisolated(unsafe) let m = ab.baseAddress!
                return SymmetricLanczos.largest(count: 3, order: n, deflating: [u], basisSize: 30, tolerance: 1e-9,
                                                maxRestarts: 300, threads: threads) { x, y in
                    for i in 0..<n { var s = 0.0; for j in 0..<n { s += m[i * n + j] * x[j] }; y[i] = s }
                }
            })
            XCTAssertTrue(found.converged)
            for r in 0..<3 {
                XCTAssertEqual(found.values[r], exact.values[r], accuracy: 1e-6)
                XCTAssertEqual(absCosine(Array(found.vectors[(r * n)..<((r + 1) * n)]), exact.vector(r)), 1, accuracy: 1e-6)
                XCTAssertEqual(absCosine(Array(found.vectors[(r * n)..<((r + 1) * n)]), u), 0, accuracy: 1e-9)
            }
        }
    }

    func testFastPowerIsCloseToPow() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<2_000 {
            let y = Float(0.3 + 2 * rng.nextUnit())
            var x = SIMD8<Float>()
            for lane in 0..<8 { x[lane] = Float(exp(40 * rng.nextUnit() - 20)) }   // d² from 10⁻⁹ to 10⁹
            let fast = FastPower.pow(x, y)
            for lane in 0..<8 {
                let exact = Foundation.pow(Double(x[lane]), Double(y))
                XCTAssertEqual(Double(fast[lane]), exact, accuracy: 5e-6 * exact, "\(x[lane])^\(y)")
            }
        }
        // the mantissa's fold at √2 and exact powers of two
        let edges = SIMD8<Float>(1, 2, 0.5, 1.414_213_4, 1.414_213_6, 0.707_106_7, 1e-30, 3e36)
        let fast = FastPower.pow(edges, 0.9)
        for lane in 0..<8 {
            let exact = Foundation.pow(Double(edges[lane]), 0.9)
            XCTAssertEqual(Double(fast[lane]), exact, accuracy: 2e-5 * exact, "\(edges[lane])")
        }
    }

    func testPlantedClustersSeparate() throws {
        let (x, labels) = TestData.blobs(perBlob: 150, blobs: 6, cols: 10, separation: 12)
        let n = labels.count
        var options = UMAPOptions()
        options.threads = 2
        options.epochs = 200
        let result = try UMAP.run(x, rows: n, cols: 10, options: options)
        XCTAssertFalse(result.cancelled)
        XCTAssertEqual(result.epochs, 200)
        XCTAssertTrue(result.embedding.allSatisfy(\.isFinite))
        let low = try KNN.index(result.embedding, rows: n, cols: 2).neighborsOfIndexedPoints(k: 5, threads: 1)
        XCTAssertEqual(EmbeddingMetrics.labelAgreement(low, labels: labels), 1, accuracy: 0.005)
        // every cluster's centre is further from the others' than its points' spread
        var centres = [[Double]](repeating: [0, 0], count: 6)
        for i in 0..<n { centres[labels[i]][0] += Double(result.embedding[2 * i]) / 150; centres[labels[i]][1] += Double(result.embedding[2 * i + 1]) / 150 }
        var spread = 0.0
        for i in 0..<n {
            let c = centres[labels[i]]
            spread = max(spread, hypot(Double(result.embedding[2 * i]) - c[0], Double(result.embedding[2 * i + 1]) - c[1]))
        }
        for p in 0..<6 { for q in (p + 1)..<6 {
            XCTAssertGreaterThan(hypot(centres[p][0] - centres[q][0], centres[p][1] - centres[q][1]), spread)
        } }
    }

    func testSpectralInitialisationOfOneConnectedCloud() throws {
        let n = 1500
        let x = TestData.gaussian(rows: n, cols: 5, seed: 9)
        var options = UMAPOptions()
        options.epochs = 20
        options.threads = 2
        let result = try UMAP.run(x, rows: n, cols: 5, options: options)
        XCTAssertEqual(result.initialization, "spectral")
        XCTAssertNil(result.initializationNote)
        // separated blobs make a disconnected graph: PCA instead, said so
        let (blobs, labels) = TestData.blobs(perBlob: 100, blobs: 3, cols: 4, separation: 40)
        let split = try UMAP.run(blobs, rows: labels.count, cols: 4, options: options)
        XCTAssertEqual(split.initialization, "pca")
        XCTAssertEqual(split.initializationNote, "no spectral initialisation: the neighbour graph has 3 separate parts; started from PCA")
    }

    func testTheSameSeedGivesTheSameBitsForAnyThreadCount() throws {
        let (x, _) = TestData.blobs(perBlob: 400, blobs: 4, cols: 6, separation: 5)
        var options = UMAPOptions()
        options.epochs = 60
        options.knn = .approx
        var runs: [[Float]] = []
        for threads in [1, 2, 3] {
            options.threads = threads
            runs.append(try UMAP.run(x, rows: 1600, cols: 6, options: options).embedding)
        }
        XCTAssertEqual(runs[0], runs[1])
        XCTAssertEqual(runs[0], runs[2])
        options.seed = 1
        XCTAssertNotEqual(try UMAP.run(x, rows: 1600, cols: 6, options: options).embedding, runs[0])
    }

    func testProgressReportsAndStops() throws {
        let x = TestData.gaussian(rows: 300, cols: 3, seed: 2)
        var options = UMAPOptions()
        options.epochs = 50
        options.progressInterval = 10
        var stages: [UMAPProgress.Stage] = [], snapshots: [Int] = []
        let full = try UMAP.run(x, rows: 300, cols: 3, options: options) { p in
            if stages.last != p.stage { stages.append(p.stage) }
            if p.stage == .layout, let y = p.embedding { XCTAssertEqual(y.count, 600); snapshots.append(p.done) }
            return true
        }
        XCTAssertEqual(stages, [.neighbors, .initialization, .layout])
        XCTAssertEqual(snapshots, [0, 10, 20, 30, 40, 50])
        let stopped = try UMAP.run(x, rows: 300, cols: 3, options: options) { p in !(p.stage == .layout && p.done == 7) }
        XCTAssertTrue(stopped.cancelled)
        XCTAssertEqual(stopped.epochs, 7)
        XCTAssertEqual(stopped.embedding.count, 600)
        XCTAssertNotEqual(stopped.embedding, full.embedding)
        let early = try UMAP.run(x, rows: 300, cols: 3, options: options) { $0.stage != .neighbors }
        XCTAssertTrue(early.cancelled)
        XCTAssertTrue(early.embedding.isEmpty)
        // between the parts of an epoch: a stop keeps the last whole epoch
        let graph = FuzzySimplicialSet.build(try KNN.index(x, rows: 300, cols: 3).neighborsOfIndexedPoints(k: 14, threads: 1))
        let layout = UMAPLayout(graph: graph, a: 1.58, b: 0.9, epochs: 50, options: options, partSize: 64)
        var y = TestData.gaussian(rows: 300, cols: 2, seed: 5), asked = 0
        let start = y
        let (epochs, cancelled) = layout.run(&y, progress: { _, _ in true }, shouldStop: { asked += 1; return asked == 3 })
        XCTAssertTrue(cancelled)
        XCTAssertEqual(epochs, 0)
        XCTAssertEqual(y, start)
    }

    func testAwkwardInputs() throws {
        var options = UMAPOptions()
        options.epochs = 30
        let one = try UMAP.run([1, 2, 3], rows: 1, cols: 3, options: options)
        XCTAssertEqual(one.embedding, [0, 0])
        let few = try UMAP.run((0..<10).map(Float.init), rows: 5, cols: 2, options: options)
        XCTAssertEqual(few.neighbors, 5)
        XCTAssertEqual(few.embedding.count, 10)
        XCTAssertTrue(few.embedding.allSatisfy(\.isFinite))
        let equal = try UMAP.run([Float](repeating: 4, count: 60 * 3), rows: 60, cols: 3, options: options)
        XCTAssertTrue(equal.embedding.allSatisfy(\.isFinite))
        // duplicates beside distinct points
        let dup = try UMAP.run((0..<(100 * 2)).map { Float($0 % 40 / 2) }, rows: 100, cols: 2, options: options)
        XCTAssertTrue(dup.embedding.allSatisfy(\.isFinite))
        XCTAssertThrowsError(try UMAP.run([1, .nan, 3, 4], rows: 2, cols: 2)) { error in
            XCTAssertEqual(error as? ProjectionError, .nonFinite(row: 0, col: 1))
        }
        options.metric = .cosine
        XCTAssertThrowsError(try UMAP.run([1, 2, 0, 0, 3, 1], rows: 3, cols: 2, options: options)) { error in
            XCTAssertTrue("\(error)".contains("row 1 is all zeros"), "\(error)")
        }
        options.metric = .euclidean
        options.minDist = 2
        XCTAssertThrowsError(try UMAP.run([1, 2, 3, 4], rows: 2, cols: 2, options: options))
    }

    func testCosineMetricUsesDirectionsOnly() throws {
        // scaling rows does not change a cosine embedding
        let x = TestData.gaussian(rows: 400, cols: 5, seed: 12)
        var scaled = x
        for i in 0..<400 { for c in 0..<5 { scaled[i * 5 + c] *= Float(1 << (i % 3)) } }   // exact in binary
        var options = UMAPOptions()
        options.metric = .cosine
        options.epochs = 40
        options.initialization = .given(TestData.gaussian(rows: 400, cols: 2, seed: 1))
        let a = try UMAP.run(x, rows: 400, cols: 5, options: options).embedding
        let b = try UMAP.run(scaled, rows: 400, cols: 5, options: options).embedding
        XCTAssertEqual(a, b)
        options.metric = .euclidean
        XCTAssertNotEqual(try UMAP.run(scaled, rows: 400, cols: 5, options: options).embedding, a)
    }
}
