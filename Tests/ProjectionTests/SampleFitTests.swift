import XCTest
@testable import Projection

final class SampleFitTests: XCTestCase {
    func testStratifiedSampleKeepsClassSharesAndRepeats() throws {
        // 600 of class 0, 300 of class 1, 100 of class 2
        let labels = (0..<1000).map { $0 < 600 ? 0 : ($0 < 900 ? 1 : 2) }
        let sample = try TSNE.sample(rows: 1000, count: 101, labels: labels, seed: 7)
        XCTAssertEqual(sample.count, 101)
        XCTAssertEqual(sample, sample.sorted())
        XCTAssertEqual(Set(sample).count, 101)
        let counts = [0, 1, 2].map { c in sample.filter { labels[$0] == c }.count }
        // 60.6, 30.3, 10.1 → 61, 30, 10 by largest remainder
        XCTAssertEqual(counts, [61, 30, 10])
        XCTAssertEqual(try TSNE.sample(rows: 1000, count: 101, labels: labels, seed: 7), sample)
        XCTAssertNotEqual(try TSNE.sample(rows: 1000, count: 101, labels: labels, seed: 8), sample)
        XCTAssertEqual(try TSNE.sample(rows: 10, count: 10, seed: 1), Array(0..<10))
    }

    func testSampleSizeOutOfRangeIsAnOptionError() {
        XCTAssertThrowsError(try TSNE.sample(rows: 10, count: 0, seed: 0))
        XCTAssertThrowsError(try TSNE.sample(rows: 10, count: 11, seed: 0))
        XCTAssertThrowsError(try TSNE.sample(rows: 10, count: 5, labels: [1, 2], seed: 0))
    }

    func testFitOnSamplePlacesTheRestWithTheirClusters() throws {
        let (x, labels) = TestData.blobs(perBlob: 150, blobs: 4, cols: 8)
        var options = TSNEOptions()
        options.perplexity = 10
        options.iterations = 200
        options.earlyExaggerationIterations = 80
        options.threads = 2
        var placedNote = false
        let result = try TSNE.runOnSample(x, rows: 600, cols: 8, sampleSize: 200, labels: labels, options: options,
                                          placing: { placedNote = true })
        XCTAssertTrue(placedNote)
        XCTAssertEqual(result.embedding.count, 1200)
        XCTAssertEqual(result.affinities.rows, 200)
        XCTAssertTrue(result.embedding.allSatisfy(\.isFinite))
        let knn = try BruteForceKNN(result.embedding, rows: 600, cols: 2).neighborsOfIndexedPoints(k: 5, threads: 1)
        XCTAssertGreaterThanOrEqual(EmbeddingMetrics.labelAgreement(knn, labels: labels), 0.97)
        options.threads = 1
        let again = try TSNE.runOnSample(x, rows: 600, cols: 8, sampleSize: 200, labels: labels, options: options)
        XCTAssertEqual(again.embedding, result.embedding, "same seed: same sample, same embedding, any thread count")
    }
}
