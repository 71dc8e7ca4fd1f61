import Foundation
@testable import ONNX
import Tensors
import XCTest

/// The shipped bundles' encoders and decoders (models/<bundle>/) reproduce onnxruntime's outputs recorded in
/// Tests/Fixtures/shipped/<bundle>/ (by tools/make_shipped_fixtures.py) within 1e-4 absolute or 1e-3 relative.
final class ShippedModelTests: XCTestCase {
    private let models = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models")
    private let fixtures = Fixtures.root.appendingPathComponent("shipped")

    private func compare(_ actual: Tensor?, _ file: URL, _ what: String) throws {
        let expected = try NPY.read(file)
        guard let actual else { return XCTFail("\(what): no such output") }
        if let why = mismatch(actual, expected, rtol: 1e-3, atol: 1e-4) { XCTFail("\(what): \(why)") }
    }

    func testShippedModelsMatchOnnxruntime() throws {
        let bundles = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        guard !bundles.isEmpty else { throw XCTSkip("no shipped-model fixtures yet (tools/make_shipped_fixtures.py writes them)") }
        for name in bundles {
            let bundle = models.appendingPathComponent(name)
            let dir = fixtures.appendingPathComponent(name)
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("bundle.json"))) as? [String: Any]
            let encoderSpec = manifest?["encoder"] as? [String: Any] ?? [:]
            let decoderSpec = manifest?["decoder"] as? [String: Any] ?? [:]
            let encoder = try ONNXModel.load(bundle.appendingPathComponent(encoderSpec["file"] as? String ?? "encoder.onnx"))
            let decoder = try ONNXModel.load(bundle.appendingPathComponent(decoderSpec["file"] as? String ?? "decoder.onnx"))

            let x = try NPY.read(dir.appendingPathComponent("input.npy"))
            let codes = try encoder.run([encoderSpec["input"] as? String ?? encoder.inputs[0].name: x])
            let mean = encoderSpec["mean"] as? String ?? encoderSpec["output"] as? String ?? encoder.outputs[0].name
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("mu.npy").path) {
                try compare(codes[mean], dir.appendingPathComponent("mu.npy"), "\(name) encoder \(mean)")
                let logvar = encoderSpec["logvar"] as? String ?? "logvar"
                try compare(codes[logvar], dir.appendingPathComponent("logvar.npy"), "\(name) encoder \(logvar)")
            } else {
                try compare(codes[mean], dir.appendingPathComponent("z.npy"), "\(name) encoder \(mean)")
            }

            let z = try NPY.read(dir.appendingPathComponent("z.npy"))
            let decoded = try decoder.run([decoderSpec["input"] as? String ?? decoder.inputs[0].name: z])
            let output = decoderSpec["output"] as? String ?? decoder.outputs[0].name
            try compare(decoded[output], dir.appendingPathComponent("x_hat.npy"), "\(name) decoder \(output)")
        }
    }
}
