import XCTest
@testable import Projection

final class KMeansTests: XCTestCase {
    func testRecoversBlobsAndIsDeterministic() throws {
        let (x, truth) = TestData.blobs(perBlob: 50, blobs: 4, cols: 3)
        let model = try KMeans.fit(x, rows: 200, cols: 3, k: 4, seed: 3, threads: 2)
        // the clusters are the blobs, up to renaming
        var mapping: [Int: Int] = [:]
        for (label, blob) in zip(model.labels, truth) {
            if let m = mapping[label] { XCTAssertEqual(m, blob) } else { mapping[label] = blob }
        }
        XCTAssertEqual(Set(mapping.values).count, 4)
        XCTAssertEqual(try KMeans.fit(x, rows: 200, cols: 3, k: 4, seed: 3, threads: 1), model)
        XCTAssertEqual(model.predict(x, rows: 200), model.labels)
        XCTAssertEqual(model.inertia, 200 * 3, accuracy: 0.25 * 600, "unit-variance blobs: about d per point")
    }

    func testDegenerateInputs() throws {
        // as many clusters as points: every point is its own centre
        let x: [Float] = [0, 0, 1, 0, 0, 1, 5, 5]
        let own = try KMeans.fit(x, rows: 4, cols: 2, k: 4)
        XCTAssertEqual(Set(own.labels).count, 4)
        XCTAssertEqual(own.inertia, 0)
        // more clusters than distinct points: no crash, finite centres
        let same = try KMeans.fit([Float](repeating: 2, count: 20), rows: 10, cols: 2, k: 3)
        XCTAssert(same.centroids.allSatisfy(\.isFinite))
        XCTAssertEqual(same.inertia, 0)
        XCTAssertThrowsError(try KMeans.fit(x, rows: 4, cols: 2, k: 5))
        XCTAssertThrowsError(try KMeans.fit(x, rows: 4, cols: 2, k: 0))
        XCTAssertThrowsError(try KMeans.fit([0, .infinity], rows: 1, cols: 2, k: 1))
    }
}
