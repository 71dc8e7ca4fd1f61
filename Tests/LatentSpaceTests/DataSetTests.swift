import XCTest
@testable import LatentSpace
import Tensors

final class DataSetTests: XCTestCase {
    func testLoadsSamplesLabelsAndScalesBatches() throws {
        let data = try DataSet.load(for: ModelBundle.load(BundleFixtures.url("tiny")))
        XCTAssertEqual(data.count, 12)
        XCTAssertEqual(data.samples.shape, [12, 1, 4, 4])
        XCTAssertEqual(data.labelCounts(), [0: 4, 1: 4, 2: 4])
        let batch = data.batch(2..<5)
        XCTAssertEqual(batch.shape, [3, 1, 4, 4])
        let raw = data.samples.bytes!
        XCTAssertEqual(batch.floats![0], Float(raw[32]) / 255, accuracy: 1e-7)
        XCTAssertTrue(batch.floats!.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    func testUnlabelledDataHasNoLabels() throws {
        let data = try DataSet.load(for: ModelBundle.load(BundleFixtures.url("unlabelled")))
        XCTAssertNil(data.labels)
        XCTAssertEqual(data.labelCounts(), [:])
    }

    func testDataThatDoesNotFitTheManifestIsRefusedByName() throws {
        let cases: [(String, String)] = [
            ("missing-array", "no array named 'pixels'"),
            ("wrong-sample-shape", "'sample.shape' [1, 5, 5] needs 25"),
            ("short-class-list", "labels go up to 2 but 'classes' names only 2 classes"),
            ("label-count", "there are 10 labels for 12 samples"),
            ("nan-data", "sample 3 holds a NaN or infinite value"),
        ]
        for (name, expected) in cases {
            let bundle = try ModelBundle.load(BundleFixtures.url(name))
            XCTAssertThrowsError(try DataSet.load(for: bundle), name) { error in
                XCTAssertTrue(error is UserInputError, "\(name): a user-input error")
                XCTAssertTrue("\(error)".contains(expected), "\(name): '\(error)' should mention '\(expected)'")
                XCTAssertTrue("\(error)".contains("data.npz"), "\(name): names the file")
            }
        }
    }

    func testInferredSampleShapes() {
        XCTAssertEqual(DataSet.inferSample(from: [9, 28, 28]), .init(type: .image, shape: [1, 28, 28]))
        XCTAssertEqual(DataSet.inferSample(from: [9, 3, 8, 8]), .init(type: .image, shape: [3, 8, 8]))
        XCTAssertEqual(DataSet.inferSample(from: [9, 50]), .init(type: .vector, shape: [50]))
        XCTAssertEqual(DataSet.inferSample(from: [9, 5, 8, 8]), .init(type: .vector, shape: [320]))
    }
}
