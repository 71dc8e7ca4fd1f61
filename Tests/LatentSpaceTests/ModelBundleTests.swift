import Foundation
import XCTest
@testable import LatentSpace
import Tensors

final class ModelBundleTests: XCTestCase {
    func testLoadsTheManifestAndResolvesPathsAgainstTheFolder() throws {
        let folder = BundleFixtures.url("tiny")
        let bundle = try ModelBundle.load(folder)
        XCTAssertEqual(bundle.name, "Tiny VAE fixture")
        XCTAssertEqual(bundle.kind, .vae)
        XCTAssertEqual(bundle.latentDim, 2)
        XCTAssertEqual(bundle.sample, ModelBundle.Sample(type: .image, shape: [1, 4, 4], range: 0...1))
        XCTAssertEqual(bundle.encoder?.file.path, folder.appendingPathComponent("encoder.onnx").path)
        XCTAssertEqual(bundle.encoder?.code, "mu")
        XCTAssertEqual(bundle.encoder?.logvar, "logvar")
        XCTAssertEqual(bundle.decoder?.activation, .sigmoid)
        XCTAssertEqual(bundle.data?.xScale, 255)
        XCTAssertEqual(bundle.classes, ["circle", "square", "triangle"])
        // The manifest path itself works as well as the folder.
        XCTAssertEqual(try ModelBundle.load(folder.appendingPathComponent("bundle.json")), bundle)
    }

    func testEveryBrokenManifestNamesItsFields() {
        let cases: [(String, [String])] = [
            ("malformed-json", ["malformed JSON"]),
            ("wrong-format", ["field 'format' is 2 but this version of latent reads format 1"]),
            ("missing-fields", ["missing field 'latent_dim'", "missing field 'encoder.mean'"]),
            ("wrong-kind", ["field 'kind' must be 'ae' or 'vae' (got 'gan')"]),
            ("missing-encoder-file", ["field 'encoder.file' names 'nowhere.onnx', which does not exist"]),
            ("bad-types", ["field 'latent_dim' must be a number", "field 'classes' must be a list of strings"]),
            ("does-not-exist", ["no such bundle folder or manifest"]),
        ]
        for (name, expected) in cases {
            XCTAssertThrowsError(try ModelBundle.load(BundleFixtures.url(name)), name) { error in
                guard let e = error as? BundleError else { return XCTFail("\(name): \(error)") }
                for phrase in expected {
                    XCTAssertTrue(e.description.contains(phrase), "\(name): '\(e)' should mention '\(phrase)'")
                }
                XCTAssertTrue(e.description.contains(name), "\(name): the message names the file")
            }
        }
    }

    func testManifestFieldChecksFromText() {
        let folder = BundleFixtures.url("tiny")
        func problems(_ json: String) -> String {
            do {
                _ = try ModelBundle.parse(Data(json.utf8), folder: folder, file: "m.json")
                return ""
            } catch {
                return error.description
            }
        }
        XCTAssertTrue(problems("[1, 2]").contains("must be a JSON object"))
        XCTAssertTrue(problems("{}").contains("missing field 'format'"))
        XCTAssertTrue(problems("{}").contains("missing field 'decoder'"))
        XCTAssertTrue(problems(#"{"format": true}"#).contains("field 'format' must be a number"))
        let image2D = #"{"format":1,"name":"n","kind":"ae","latent_dim":2,"sample":{"type":"image","shape":[28,28]},"#
            + #""encoder":{"file":"encoder.onnx"},"decoder":{"file":"decoder.onnx"},"data":{"file":"data.npz"}}"#
        XCTAssertTrue(problems(image2D).contains("must be [C, H, W] (nchw) or [H, W, C] (nhwc) with C = 1 or 3"))
        let ae = image2D.replacingOccurrences(of: "[28,28]", with: "[1,4,4]")
        XCTAssertEqual(problems(ae), "", "an AE needs only the encoder file")
        XCTAssertTrue(problems(ae.replacingOccurrences(of: #""latent_dim":2"#, with: #""latent_dim":0"#))
            .contains("'latent_dim' must be at least 1"))
        XCTAssertTrue(problems(ae.replacingOccurrences(of: #""decoder":{"file":"decoder.onnx"}"#,
                                                       with: #""decoder":{"file":"decoder.onnx","activation":"relu"}"#))
            .contains("field 'decoder.activation' must be 'none' or 'sigmoid' (got 'relu')"))
    }

    func testBringYourOwnFromPaths() throws {
        let folder = BundleFixtures.url("tiny")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("byo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = dir.appendingPathComponent("x.npy")
        let y = dir.appendingPathComponent("y.npy")
        try NPY.write(try Tensor(shape: [5, 4, 4], bytes: [UInt8](repeating: 9, count: 80)), to: x)
        try NPY.write(try Tensor(shape: [5], int64s: [0, 1, 0, 1, 3]), to: y)

        let byo = try ModelBundle.bringYourOwn(encoder: folder.appendingPathComponent("encoder.onnx"),
                                               decoder: folder.appendingPathComponent("decoder.onnx"),
                                               data: x, labels: y)
        XCTAssertNil(byo.latentDim, "known once the encoder is read")
        let data = try DataSet.load(for: byo)
        XCTAssertEqual(data.sample, ModelBundle.Sample(type: .image, shape: [1, 4, 4]))
        XCTAssertEqual(data.scale, 255, "uint8 samples are pixels")
        XCTAssertEqual(data.labels, [0, 1, 0, 1, 3])
        let digits = try ModelBundle.bringYourOwn(encoder: folder.appendingPathComponent("encoder.onnx"), data: x, xScale: 16)
        XCTAssertEqual(try DataSet.load(for: digits).scale, 16, "--x-scale overrides the uint8 default")
        XCTAssertThrowsError(try ModelBundle.bringYourOwn(encoder: folder.appendingPathComponent("encoder.onnx"), data: x, xScale: 0))

        let z = dir.appendingPathComponent("z.npy")
        try NPY.write(try Tensor(shape: [5, 3], floats: [Float](repeating: 0, count: 15)), to: z)
        let latentsOnly = try ModelBundle.bringYourOwn(latents: z)
        XCTAssertEqual(latentsOnly.latentDim, 3)

        XCTAssertThrowsError(try ModelBundle.bringYourOwn(encoder: folder.appendingPathComponent("encoder.onnx"))) {
            XCTAssertTrue("\($0)".contains("missing --data"), "\($0)")
        }
        XCTAssertThrowsError(try ModelBundle.bringYourOwn(data: x, latents: z)) {
            XCTAssertTrue("\($0)".contains("not both"), "\($0)")
        }
        XCTAssertThrowsError(try ModelBundle.bringYourOwn(latents: dir.appendingPathComponent("nope.npy"))) {
            XCTAssertTrue("\($0)".contains("--latents"), "\($0)")
            XCTAssertTrue("\($0)".contains("no such file"), "\($0)")
        }
        XCTAssertThrowsError(try ModelBundle.bringYourOwn(latents: y)) {
            XCTAssertTrue("\($0)".contains("must be a 2-d array"), "\($0)")
        }
    }
}
