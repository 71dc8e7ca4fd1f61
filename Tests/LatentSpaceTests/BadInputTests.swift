import Foundation
import XCTest
@testable import LatentSpace
import Tensors

/// Bad inputs found by the bad-input matrix (Tests/e2e/bad_inputs.sh), checked at the library level.
final class BadInputTests: XCTestCase {
    /// A manifest file entry that names a folder is refused by name, like a missing file.
    func testAFileFieldNamingAFolderIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-folder-field-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: BundleFixtures.url("tiny"), to: folder)
        let encoder = folder.appendingPathComponent("encoder.onnx")
        try FileManager.default.removeItem(at: encoder)
        try FileManager.default.createDirectory(at: encoder, withIntermediateDirectories: false)
        XCTAssertThrowsError(try ModelBundle.load(folder)) { error in
            guard let e = error as? BundleError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.problems, ["field 'encoder.file' names 'encoder.onnx', which is a folder, not a file"])
            XCTAssertTrue(e.file.hasSuffix("bundle.json"), e.file)
        }
    }

    /// A manifest whose sample shape does not fit the encoder's declared input is refused when the models are
    /// loaded (before any data is read), naming the encoder and the field.
    func testASampleShapeThatDoesNotFitTheEncoderIsRefused() throws {
        var bundle = try ModelBundle.load(BundleFixtures.url("tiny"))
        XCTAssertNoThrow(try LatentModel(bundle: bundle))
        bundle.sample = ModelBundle.Sample(type: .image, shape: [1, 5, 5])
        XCTAssertThrowsError(try LatentModel(bundle: bundle)) { error in
            guard let e = error as? BundleError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, bundle.encoder!.file.path)
            XCTAssertEqual(e.problems, ["input 'x' takes [N, 1, 4, 4] but 'sample.shape' is [1, 5, 5] (samples are fed as [N] + sample.shape)"])
        }
    }

    /// Samples that do not fit the encoder's input are reported naming the encoder file.
    func testSamplesOfTheWrongShapeNameTheEncoder() throws {
        let bundle = try ModelBundle.load(BundleFixtures.url("tiny"))
        let model = try LatentModel(bundle: bundle)
        let batch = try Tensor(shape: [2, 1, 5, 5], floats: [Float](repeating: 0.5, count: 50))
        XCTAssertThrowsError(try model.encode(batch)) { error in
            guard let e = error as? BundleError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, bundle.encoder!.file.path)
            XCTAssertTrue(e.description.contains("cannot encode the samples: model input 'x' dimension 2 must be 4"), e.description)
        }
    }
}
