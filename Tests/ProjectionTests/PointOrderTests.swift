import XCTest
@testable import Projection

final class PointOrderTests: XCTestCase {
    /// Ten blobs whose points are interleaved (point i in blob i mod 10), as a class-interleaved file has them.
    private func interleavedBlobs(perBlob: Int, cols: Int) -> ([Float], [Int]) {
        let (x, labels) = TestData.blobs(perBlob: perBlob, blobs: 10, cols: cols)
        let n = labels.count
        let order = (0..<n).map { i in (i % 10) * perBlob + i / 10 }
        return (order.flatMap { x[($0 * cols)..<($0 * cols + cols)] }, order.map { labels[$0] })
    }

    func testArrangedAndRestoredAreInverse() {
        let x = TestData.gaussian(rows: 500, cols: 3, seed: 4)
        let order = PointOrder.byProjectionTree(x, rows: 500, cols: 3, seed: 0)
        XCTAssertEqual(Set(order.original), Set(0..<500), "a permutation")
        let arranged = order.arranged(x, width: 3)
        XCTAssertNotEqual(arranged, x)
        XCTAssertEqual(order.restored(arranged, width: 3), x)
        for s in 0..<500 {
            let i = Int(order.original[s])
            XCTAssertEqual(Array(arranged[(3 * s)..<(3 * s + 3)]), Array(x[(3 * i)..<(3 * i + 3)]))
        }
    }

    func testPositionOrderIsTheZOrderOfThePlane() {
        // a 4 × 4 lattice given row by row, shuffled: the Z-order visits its 2 × 2 quadrants one after another
        var rng = SeededGenerator(seed: 9)
        let cells = (0..<16).map { ($0 % 4, $0 / 4) }.shuffled(using: &rng)
        let y = cells.flatMap { [Double($0.0), Double($0.1)] }
        let order = PointOrder.byPosition(y, count: 16)
        XCTAssertEqual(Set(order.original), Set(0..<16), "a permutation")
        let visited = order.original.map { cells[Int($0)] }
        XCTAssertEqual(Array(visited.prefix(4)).map { $0.0 * 10 + $0.1 }, [0, 10, 1, 11], "first quadrant in Z")
        for quadrant in 0..<4 {
            let q = visited[(4 * quadrant)..<(4 * quadrant + 4)]
            XCTAssertEqual(Set(q.map { ($0.0 / 2) * 2 + $0.1 / 2 }).count, 1, "quadrant \(quadrant) is one 2 × 2 block")
        }
        // equal positions keep their index order; a degenerate extent is one cell
        let same = PointOrder.byPosition([Double](repeating: 3, count: 10), count: 5)
        XCTAssertEqual(same.original, [0, 1, 2, 3, 4])
    }

    func testAffinitiesArrangedAndRestoredAreInverse() throws {
        let x = TestData.gaussian(rows: 200, cols: 4, seed: 6)
        let p = try Affinities.compute(x, rows: 200, cols: 4, perplexity: 8)
        var rng = SeededGenerator(seed: 2)
        let order = PointOrder(original: (0..<200).map { Int32($0) }.shuffled(using: &rng))
        let arranged = order.arranged(p, threads: 2)
        XCTAssertEqual(arranged.nonZeroCount, p.nonZeroCount)
        XCTAssertEqual(order.restored(arranged, threads: 2), p)
        // an entry (i, j) of P is the entry (position i, position j) of the arranged matrix
        let i = 17, s = Int(order.position[i])
        for e in p.rowStart[i]..<p.rowStart[i + 1] {
            let column = order.position[Int(p.columns[e])]
            let at = arranged.columns[arranged.rowStart[s]..<arranged.rowStart[s + 1]].firstIndex(of: column)
            XCTAssertNotNil(at)
            XCTAssertEqual(arranged.values[at!], p.values[e])
        }
    }

    func testNeighboursSitNearEachOtherInTheOrder() throws {
        let (x, _) = interleavedBlobs(perBlob: 400, cols: 8)
        let n = 4_000
        let knn = try BruteForceKNN(x, rows: n, cols: 8).neighborsOfIndexedPoints(k: 15, threads: 2)
        let order = PointOrder.byProjectionTree(x, rows: n, cols: 8, seed: 0)
        var inputGap = 0.0, orderGap = 0.0
        for i in 0..<n {
            for e in 0..<15 {
                let j = Int(knn.indices[i * 15 + e])
                inputGap += Double(abs(i - j))
                orderGap += Double(abs(Int(order.position[i]) - Int(order.position[j])))
            }
        }
        // within a blob of 400 points in 8-D the 15 neighbours spread over much of it; across blobs the input
        // order scatters them over all 4,000
        XCTAssertLessThan(orderGap, 0.25 * inputGap, "neighbours of interleaved classes are far apart in the input only")
    }

    func testAffinitiesComputedInTheOrderAndRestoredEqualTheDirectOnes() throws {
        let (x, _) = interleavedBlobs(perBlob: 30, cols: 5)
        let n = 300
        let direct = try Affinities.compute(x, rows: n, cols: 5, perplexity: 10)
        let order = PointOrder.byProjectionTree(x, rows: n, cols: 5, seed: 3)
        let inOrder = try Affinities.compute(order.arranged(x, width: 5), rows: n, cols: 5, perplexity: 10)
        let restored = order.restored(inOrder, threads: 2)
        XCTAssertEqual(restored.rowStart, direct.rowStart)
        XCTAssertEqual(restored.columns, direct.columns)
        for e in direct.values.indices { XCTAssertEqual(restored.values[e], direct.values[e], accuracy: 1e-7) }
    }

    func testRunsStoppedInThePointOrderReturnWhatTheyHave() throws {
        let (x, _) = interleavedBlobs(perBlob: 30, cols: 4)
        var options = TSNEOptions()
        options.perplexity = 5
        options.iterations = 50
        options.earlyExaggerationIterations = 10
        options.progressInterval = 10
        let inSearch = try TSNE.run(x, rows: 300, cols: 4, options: options, progress: { _ in true },
                                    neighbors: { _, _ in false }, shouldStop: { false }, pointOrderFrom: 0)
        XCTAssertTrue(inSearch.cancelled)
        XCTAssertEqual(inSearch.embedding, [], "stopped in the neighbour search: no embedding")
        let inIterations = try TSNE.run(x, rows: 300, cols: 4, options: options, progress: { $0.iteration < 20 },
                                        neighbors: { _, _ in true }, shouldStop: { false }, pointOrderFrom: 0)
        XCTAssertTrue(inIterations.cancelled)
        XCTAssertEqual(inIterations.embedding.count, 600)
        var umapOptions = UMAPOptions()
        umapOptions.neighbors = 5
        let umap = try UMAP.run(x, rows: 300, cols: 4, options: umapOptions, progress: { $0.stage != .neighbors },
                                shouldStop: { false }, pointOrderFrom: 0)
        XCTAssertTrue(umap.cancelled)
        XCTAssertEqual(umap.embedding, [])
    }

    func testTSNEAndUMAPInThePointOrderReturnTheInputOrder() throws {
        let (x, labels) = interleavedBlobs(perBlob: 40, cols: 6)
        let n = 400
        var options = TSNEOptions()
        options.iterations = 300
        options.earlyExaggerationIterations = 100
        options.perplexity = 10
        options.threads = 2
        var frames = 0
        let tsne = try TSNE.run(x, rows: n, cols: 6, options: options, progress: { p in
            frames += 1
            XCTAssertEqual(p.embedding.count, 2 * n)
            return true
        }, neighbors: { _, _ in true }, shouldStop: { false }, pointOrderFrom: 0)
        XCTAssertGreaterThan(frames, 0)
        let tsneKNN = try BruteForceKNN(tsne.embedding, rows: n, cols: 2).neighborsOfIndexedPoints(k: 5, threads: 2)
        XCTAssertGreaterThanOrEqual(EmbeddingMetrics.labelAgreement(tsneKNN, labels: labels), 0.95,
                                    "the embedding's rows are the input's points")
        let reference = try Affinities.computeTSNEReference(x, rows: n, cols: 6, options: options)
        XCTAssertEqual(tsne.affinities.rowStart, reference.rowStart, "P back in the input's order")
        XCTAssertEqual(tsne.affinities.columns, reference.columns)
        for e in reference.values.indices {
            XCTAssertEqual(tsne.affinities.values[e], reference.values[e], accuracy: 1e-7)
        }

        var umapOptions = UMAPOptions()
        umapOptions.threads = 2
        let umap = try UMAP.run(x, rows: n, cols: 6, options: umapOptions, progress: { _ in true },
                                shouldStop: { false }, pointOrderFrom: 0)
        let umapKNN = try BruteForceKNN(umap.embedding, rows: n, cols: 2).neighborsOfIndexedPoints(k: 5, threads: 2)
        XCTAssertGreaterThanOrEqual(EmbeddingMetrics.labelAgreement(umapKNN, labels: labels), 0.95)
    }
}

private extension Affinities {
    /// The P that `TSNE.run` builds in the input's order (exact neighbours at this size).
    static func computeTSNEReference(_ x: [Float], rows: Int, cols: Int, options: TSNEOptions) throws -> SparseAffinities {
        var zero = options
        zero.iterations = 0
        return try TSNE.run(x, rows: rows, cols: cols, options: zero, progress: { _ in true },
                            neighbors: { _, _ in true }, shouldStop: { false }, pointOrderFrom: .max).affinities
    }
}
