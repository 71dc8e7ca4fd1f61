import Foundation
@testable import LatentSpace
import Tensors
import XCTest

/// Autoencoders shaped as people export them (Tests/Fixtures/exported, made by tools/make_exported_fixtures.py):
/// an AutoencoderKL-style VAE with a spatial latent and stacked moments, a VQ-style model, a channels-last
/// Keras-style VAE and an LSTM sequence autoencoder. Their codes and decodes agree with onnxruntime's, and
/// bringing them without a manifest finds the same sample and latent shapes.
final class ExportedModelTests: XCTestCase {
    static let root = BundleFixtures.root.deletingLastPathComponent().appendingPathComponent("exported")
    static let families = ["kl-vae", "vq", "keras", "lstm"]

    private func folder(_ name: String) -> URL { Self.root.appendingPathComponent(name) }

    /// Whether two float arrays agree within `atol` + `rtol`·|expected| everywhere; nil when they do, else where not.
    private func mismatch(_ actual: [Float], _ expected: [Float], atol: Float = 1e-4, rtol: Float = 1e-3) -> String? {
        guard actual.count == expected.count else { return "\(actual.count) values, expected \(expected.count)" }
        for i in actual.indices where !(abs(actual[i] - expected[i]) <= atol + rtol * abs(expected[i])) {
            return "value \(i): \(actual[i]) vs \(expected[i])"
        }
        return nil
    }

    func testCodesAndDecodesMatchOnnxruntime() throws {
        for name in Self.families {
            let bundle = try ModelBundle.load(folder(name))
            let model = try LatentModel(bundle: bundle)
            let data = try DataSet.load(for: bundle)
            let expected = try NPZ.read(folder(name).appendingPathComponent("expected.npz"))
            let codesWanted = try XCTUnwrap(expected["codes"]?.floats, name)
            let n = expected["codes"]!.shape[0]
            let (codes, logvar) = try model.encode(data.batch(0..<n))
            XCTAssertNil(mismatch(codes, codesWanted), "\(name) codes")
            XCTAssertEqual(logvar != nil, bundle.kind == .vae, name)
            if name == "kl-vae", let logvar {
                // The second half of each sample's stacked moments.
                let moments = try XCTUnwrap(expected["moments"]?.floats)
                let d = model.latentDim
                var wanted: [Float] = []
                for i in 0..<n {
                    let start = i * 2 * d + d
                    wanted += moments[start..<(start + d)]
                }
                XCTAssertNil(mismatch(logvar, wanted), "kl-vae log-variances")
            }
            let decoded = try model.decode(codes, count: n)
            XCTAssertNil(mismatch(decoded, try XCTUnwrap(expected["decoded"]?.floatValues())), "\(name) decodes")
        }
    }

    func testLatentShapesAndSamples() throws {
        let wanted: [String: (latent: [Int], type: ModelBundle.SampleType, shape: [Int], layout: ModelBundle.Layout)] = [
            "kl-vae": ([4, 8, 8], .image, [3, 32, 32], .nchw),
            "vq": ([4, 4, 4], .image, [1, 16, 16], .nchw),
            "keras": ([8], .image, [16, 16, 3], .nhwc),
            "lstm": ([8], .sequence, [32, 2], .nchw),
        ]
        for name in Self.families {
            let want = try XCTUnwrap(wanted[name])
            let manifest = try LatentModel(bundle: ModelBundle.load(folder(name)))
            XCTAssertEqual(manifest.latentShape, want.latent, name)
            XCTAssertEqual(manifest.latentDim, want.latent.reduce(1, *), name)

            // Without a manifest: the same latent shape from the encoder, the same sample from the data and the
            // encoder's declared input.
            let f = folder(name)
            let brought = try ModelBundle.bringYourOwn(
                encoder: f.appendingPathComponent("encoder.onnx"), decoder: f.appendingPathComponent("decoder.onnx"),
                data: f.appendingPathComponent("data.npz"), labels: f.appendingPathComponent("y.npy"),
                kind: manifest.bundle.kind)
            let model = try LatentModel(bundle: brought)
            XCTAssertEqual(model.latentShape, want.latent, name)
            let data = try DataSet.load(for: brought, model: model)
            XCTAssertEqual(data.sample.type, want.type, name)
            XCTAssertEqual(data.sample.shape, want.shape, name)
            XCTAssertEqual(data.sample.layout, want.layout, name)
            XCTAssertEqual(model.sample?.shape, want.shape, "\(name): the decoder's output tells the same shape")
            XCTAssertEqual(data.labels?.count, data.count, name)
        }
    }

    /// Flat data ([N, 768]) for an encoder declaring [N, 16, 16, 3] is fed in the encoder's shape and drawn as
    /// the channels-last image it is.
    func testFlatDataFollowsTheEncodersDeclaredInput() throws {
        let f = folder("keras")
        let x = try NPZ.read(f.appendingPathComponent("data.npz"), array: "x")
        let flat = FileManager.default.temporaryDirectory.appendingPathComponent("flat-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: flat) }
        try NPY.write(x.reshaped([x.shape[0], 768]), to: flat)
        let bundle = try ModelBundle.bringYourOwn(encoder: f.appendingPathComponent("encoder.onnx"),
                                                  decoder: f.appendingPathComponent("decoder.onnx"), data: flat, kind: .vae)
        let model = try LatentModel(bundle: bundle)
        let data = try DataSet.load(for: bundle, model: model)
        XCTAssertEqual(data.sample, ModelBundle.Sample(type: .image, shape: [16, 16, 3], layout: .nhwc))
        let expected = try NPZ.read(f.appendingPathComponent("expected.npz"))
        let n = expected["codes"]!.shape[0]
        XCTAssertNil(mismatch(try model.encode(data.batch(0..<n)).codes, expected["codes"]!.floats!))
    }

    // MARK: - Bad input

    private func manifest(_ name: String, editing edit: (inout [String: Any]) -> Void) throws -> URL {
        let source = folder(name)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: copy)
        let file = copy.appendingPathComponent("bundle.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        return copy
    }

    private func problem(_ url: URL, model: Bool = true) -> String {
        do {
            let bundle = try ModelBundle.load(url)
            if model { _ = try LatentModel(bundle: bundle) }
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testLatentSizeAndShapeMustAgree() throws {
        let both = try manifest("kl-vae") { $0["latent_dim"] = 16 }
        XCTAssertTrue(problem(both, model: false).contains("field 'latent_dim' is 16 but 'latent_shape' [4, 8, 8] holds 256 values"),
                      problem(both, model: false))
        let small = try manifest("kl-vae") { $0["latent_shape"] = [4, 4, 4] }
        let why = problem(small)
        XCTAssertTrue(why.contains("encoder.onnx") && why.contains("'latent_shape' is [4, 4, 4]"), why)
        // Fits the encoder's 256 values, but not the decoder's [4, 8, 8] input.
        let reshaped = try manifest("kl-vae") { $0["latent_shape"] = [16, 4, 4] }
        let decoderWhy = problem(reshaped)
        XCTAssertTrue(decoderWhy.contains("decoder.onnx") && decoderWhy.contains("'latent_shape' is [16, 4, 4]"), decoderWhy)
    }

    func testALayoutThatCannotFitIsRefused() throws {
        let wrong = try manifest("keras") {
            var sample = $0["sample"] as! [String: Any]
            sample["layout"] = "nchw"
            $0["sample"] = sample
        }
        XCTAssertTrue(problem(wrong, model: false).contains("field 'sample.layout' is 'nchw' but 'sample.shape' [16, 16, 3]"),
                      problem(wrong, model: false))
        // A shape the encoder does not take: named with the layout.
        let planar = try manifest("keras") {
            $0["sample"] = ["type": "image", "shape": [3, 16, 16]]
        }
        XCTAssertTrue(problem(planar).contains("input 'x' takes [batch, 16, 16, 3] but 'sample.shape' is [3, 16, 16] "
                                               + "('sample.layout' nchw); the model takes nhwc: give 'sample.shape' [16, 16, 3] "
                                               + "and 'sample.layout' 'nhwc'"), problem(planar))
        let f = folder("keras")
        var brought = try ModelBundle.bringYourOwn(encoder: f.appendingPathComponent("encoder.onnx"),
                                                   data: f.appendingPathComponent("data.npz"), kind: .vae)
        brought.layoutHint = .nchw
        let model = try LatentModel(bundle: brought)
        XCTAssertThrowsError(try DataSet.load(for: brought, model: model)) { error in
            XCTAssertTrue("\(error)".contains("--layout nchw cannot fit samples of shape [16, 16, 3]"), "\(error)")
        }
    }

    func testMomentsNeedAVAEAndAnEvenChannelCount() throws {
        let ae = try manifest("kl-vae") { $0["kind"] = "ae" }
        XCTAssertTrue(problem(ae, model: false).contains("field 'encoder.moments' needs 'kind' to be 'vae'"))
        let vq = try manifest("vq") {
            $0["kind"] = "vae"
            $0["encoder"] = ["file": "encoder.onnx", "moments": "channels"]
            $0["latent_shape"] = [2, 4, 4]
        }
        // 4 channels read as mean and log-variance of 2 channels each: codes of 32 values, which the decoder's
        // [4, 4, 4] input does not take.
        let why = problem(vq)
        XCTAssertTrue(why.contains("decoder.onnx") && why.contains("the decoder takes codes of shape [4, 4, 4] (64 values) but 'latent_shape' is [2, 4, 4]"), why)
    }
}
