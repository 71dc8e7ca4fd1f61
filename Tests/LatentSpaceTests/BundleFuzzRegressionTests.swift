import Foundation
import XCTest
@testable import LatentSpace
import Tensors

/// Manifests that crashed `bundle.json` parsing or the steps right after it (found with tools/fuzz): each must
/// now throw a one-line `BundleError` naming the field.
final class BundleFuzzRegressionTests: XCTestCase {
    func testFuzzFindingsThrowBundleErrors() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz/bundle")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        XCTAssertFalse(files.isEmpty)
        // The tiny bundle's folder holds every file the manifests name.
        let folder = BundleFixtures.url("tiny")
        for url in files {
            XCTAssertThrowsError(try ModelBundle.parse(Data(contentsOf: url), folder: folder, file: url.path),
                                 url.lastPathComponent) { error in
                guard let e = error as? BundleError else { return XCTFail("\(url.lastPathComponent): \(error)") }
                XCTAssertTrue(e.description.contains(url.path), e.description)
            }
        }
    }

    func testSampleShapeWhoseProductOverflowsIsRejected() throws {
        let folder = BundleFixtures.url("tiny")
        let manifest = #"{"format":1,"name":"n","kind":"ae","latent_dim":2,"sample":{"type":"vector","shape":[SHAPE]},"encoder":{"file":"encoder.onnx"},"decoder":{"file":"decoder.onnx"},"data":{"file":"data.npz"}}"#
        func parse(_ shape: String) throws -> ModelBundle {
            try ModelBundle.parse(Data(manifest.replacingOccurrences(of: "SHAPE", with: shape).utf8), folder: folder, file: "b.json")
        }
        XCTAssertThrowsError(try parse("999999999,999999999,999999999")) { error in
            XCTAssertTrue("\(error)".contains("field 'sample.shape' [999999999, 999999999, 999999999] holds more than 2147483647 values per sample"), "\(error)")
        }
        XCTAssertThrowsError(try parse("65536,32768"))
        XCTAssertEqual(try parse("65535,32768").sample?.size, 65535 * 32768)
    }
}
