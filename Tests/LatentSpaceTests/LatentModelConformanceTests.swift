import Foundation
import Tensors
import XCTest
@testable import LatentSpace

/// `LatentModel` on the shipped bundles reproduces onnxruntime: the manifest's input and output names are the ones
/// used, a VAE's code is its mean, and the decoder output gets the manifest's activation (a sigmoid for the VAEs,
/// whose decoders end in logits) before it is compared. Tolerance: 1e-4 absolute plus 1e-3 relative.
final class LatentModelConformanceTests: XCTestCase {
    private func check(_ name: String) throws {
        let bundle = try ModelBundle.load(ShippedBundles.bundle(name))
        let model = try LatentModel(bundle: bundle)
        let (inputShape, input) = try ShippedBundles.floats(name, "input.npy")
        let n = inputShape[0]

        // The data set scales its stored samples exactly as the reference did (float32 x / x_scale).
        let data = try DataSet.load(for: bundle)
        XCTAssertEqual(inputShape, [n] + data.sample.shape, name)
        XCTAssertEqual(data.batch(0..<n).floatValues(), input, "\(name) scaled input")

        let (codes, logvar) = try model.encode(Tensor(shape: inputShape, floats: input))
        XCTAssertEqual(model.latentDim, bundle.latentDim, name)
        switch bundle.kind {
        case .vae:
            XCTAssertTrue(model.hasLogvar, name)
            XCTAssertEqual(model.codeOutput, bundle.encoder?.code, "\(name): the code is the manifest's mean output")
            XCTAssertEqual(model.logvarOutput, bundle.encoder?.logvar, name)
            assertClose(codes, try ShippedBundles.floats(name, "mu.npy").values, "\(name) mean")
            let expected = try ShippedBundles.floats(name, "logvar.npy").values
            guard let logvar else { return XCTFail("\(name): a VAE gives log-variances") }
            assertClose(logvar, expected, "\(name) log-variance")
        case .ae:
            XCTAssertFalse(model.hasLogvar, name)
            XCTAssertNil(logvar, name)
            assertClose(codes, try ShippedBundles.floats(name, "z.npy").values, "\(name) code")
        }

        // Decode the reference codes, so the decoder is checked on its own.
        let z = try ShippedBundles.floats(name, "z.npy").values
        let decoded = try model.decode(z, count: n)
        let raw = try ShippedBundles.floats(name, "x_hat.npy").values
        switch bundle.decoder?.activation {
        case .sigmoid:
            // Logits reach −51; comparing after the sigmoid is what the program uses (and avoids huge relative
            // errors on values that saturate).
            XCTAssertLessThan(raw.min() ?? 0, -5, "\(name): the raw output is logits")
            assertClose(decoded, raw.map { 1 / (1 + exp(-$0)) }, "\(name) decoded (after sigmoid)")
            XCTAssertTrue(decoded.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(name): the sigmoid was applied")
        default:
            assertClose(decoded, raw, "\(name) decoded")
        }
    }

    func testFashionMNISTVAEMatchesOnnxruntime() throws { try check("fashion-mnist-vae") }

    func testFashionMNISTConvAEMatchesOnnxruntime() throws { try check("fashion-mnist-conv-ae") }

    func testDigitsVAE2DMatchesOnnxruntime() throws { try check("digits-vae-2d") }

    /// The LSTM sequence autoencoder: 427 steps of one feature, class 6 named as the anomaly.
    func testOSULeafLSTMAEMatchesOnnxruntime() throws {
        try check("osuleaf-lstm-ae")
        let bundle = try ModelBundle.load(ShippedBundles.bundle("osuleaf-lstm-ae"))
        XCTAssertEqual(bundle.sample?.type, .sequence)
        XCTAssertEqual(bundle.sample?.shape, [427, 1])
        XCTAssertEqual(bundle.anomalyClasses, ["6"])
    }

    func testTheShippedBundlesAreTheOnesTested() throws {
        let fixtures = ShippedBundles.repository.appendingPathComponent("Tests/Fixtures/shipped")
        let present = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(present), Set(ShippedBundles.names), "a new shipped bundle needs its conformance test")
    }

    /// The pipeline's reconstruction error is the mean squared error per value between the scaled input and the
    /// decoder output after its activation, computed here from onnxruntime's outputs.
    func testReconstructionErrorsMatchTheReference() throws {
        for name in ["digits-vae-2d", "fashion-mnist-conv-ae", "osuleaf-lstm-ae"] {
            let bundle = try ModelBundle.load(ShippedBundles.bundle(name))
            let model = try LatentModel(bundle: bundle)
            let (shape, input) = try ShippedBundles.floats(name, "input.npy")
            let n = shape[0], per = input.count / n
            let raw = try ShippedBundles.floats(name, "x_hat.npy").values
            let activated = bundle.decoder?.activation == .sigmoid ? raw.map { 1 / (1 + exp(-$0)) } : raw
            let expected: [Float] = (0..<n).map { i in
                var s: Double = 0
                for k in (i * per)..<((i + 1) * per) { let e = Double(input[k] - activated[k]); s += e * e }
                return Float(s / Double(per))
            }
            let data = try ShippedBundles.prefix(DataSet.load(for: bundle), n)
            let encoding = try EncodingPipeline.run(model: model, data: data)
            XCTAssertEqual(encoding.count, n)
            assertClose(encoding.reconstructionError ?? [], expected, atol: 1e-5, rtol: 1e-3, "\(name) reconstruction error")
        }
    }
}
