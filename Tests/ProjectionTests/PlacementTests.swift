import XCTest
@testable import Projection

final class PlacementTests: XCTestCase {
    func testNewPointsLandInTheirBlob() throws {
        let (x, labels) = TestData.blobs(perBlob: 60, blobs: 3, cols: 5)
        var options = TSNEOptions()
        options.iterations = 250
        options.earlyExaggerationIterations = 100
        let embedding = try TSNE.run(x, rows: 180, cols: 5, options: options).embedding
        // fresh points from each blob
        let (fresh, freshLabels) = TestData.blobs(perBlob: 4, blobs: 3, cols: 5, seed: 99)
        for iterations in [0, 50] {
            var placement = TSNEPlacementOptions()
            placement.iterations = iterations
            let placed = try TSNE.place(fresh, rows: 12, reference: x, referenceRows: 180, cols: 5,
                                        embedding: embedding, options: placement)
            XCTAssertEqual(placed.count, 24)
            let knn = try BruteForceKNN(embedding, rows: 180, cols: 2).query(placed, rows: 12, k: 5, threads: 1)
            for i in 0..<12 {
                XCTAssert(knn.indices(of: i).allSatisfy { labels[Int($0)] == freshLabels[i] },
                          "point \(i) after \(iterations) steps lands among its blob")
            }
        }
    }

    func testRejectsMismatchedEmbedding() {
        XCTAssertThrowsError(try TSNE.place([0, 0], rows: 1, reference: [0, 0, 1, 1], referenceRows: 2, cols: 2,
                                            embedding: [0, 0]))
        XCTAssertThrowsError(try TSNE.place([0, .nan], rows: 1, reference: [0, 0, 1, 1], referenceRows: 2, cols: 2,
                                            embedding: [0, 0, 1, 1]))
    }
}
