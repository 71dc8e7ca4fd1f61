import Foundation
@testable import ONNX
import Tensors
import XCTest

/// PyTorch exports (both exporters, opsets 13 to 20) of autoencoder-shaped modules, compared with onnxruntime's
/// outputs (Tests/Fixtures/onnx, made by tools/make_onnx_fixtures.py): within 1e-4 absolute or 1e-3 relative.
final class TorchFixtureTests: XCTestCase {
    private let folder = Fixtures.root.appendingPathComponent("onnx")

    private func cases() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Runs one case: nil when every output agrees, else why not.
    private func check(_ name: String) -> String? {
        let dir = folder.appendingPathComponent(name)
        do {
            let model = try ONNXModel.load(dir.appendingPathComponent("model.onnx"))
            let x = try NPY.read(dir.appendingPathComponent("input.npy"))
            let expected = try NPZ.read(dir.appendingPathComponent("expected.npz"))
            let results = try model.run([model.inputs[0].name: x])
            guard Set(results.keys) == Set(expected.keys) else {
                return "outputs \(results.keys.sorted()) but onnxruntime gave \(expected.keys.sorted())"
            }
            for (key, want) in expected {
                if let why = mismatch(results[key]!, want, rtol: 1e-3, atol: 1e-4) { return "\(key): \(why)" }
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testEveryExportMatchesOnnxruntime() throws {
        let names = try cases()
        XCTAssertGreaterThanOrEqual(names.count, 44, "torch export fixtures are missing")
        var passed = 0
        for name in names {
            if let why = check(name) { XCTFail("\(name): \(why)") } else { passed += 1 }
        }
        print("torch export fixtures: \(passed) of \(names.count) match onnxruntime")
    }

    /// The same models on an empty batch and on a batch with a NaN: no crash, NaN stays in its row.
    func testEmptyBatchAndNaN() throws {
        for name in try cases() where name.hasSuffix("_ts17") || name.hasSuffix("_dynamo") {
            let dir = folder.appendingPathComponent(name)
            let model = try ONNXModel.load(dir.appendingPathComponent("model.onnx"))
            let x = try NPY.read(dir.appendingPathComponent("input.npy"))
            var shape = x.shape
            shape[0] = 0
            let empty = try model.run([model.inputs[0].name: Tensor(shape: shape, floats: [])])
            for (key, value) in empty { XCTAssertEqual(value.shape.first, 0, "\(name) output \(key) on an empty batch") }

            var values = x.floats!
            values[0] = .nan
            let results = try model.run([model.inputs[0].name: Tensor(shape: x.shape, floats: values)])
            for (key, value) in results where value.dtype == .float32 && value.rank >= 1 && value.shape[0] == x.shape[0] {
                let perRow = value.count / value.shape[0]
                let firstRow = value.floats![..<perRow]
                XCTAssertTrue(firstRow.contains { $0.isNaN }, "\(name) output \(key): NaN in the input did not reach row 0")
            }
        }
    }
}

/// What the simplifier makes of real exports.
final class SimplificationTests: XCTestCase {
    private func planned(_ name: String) throws -> ModelSummary {
        try ONNXModel.load(Fixtures.root.appendingPathComponent("onnx/\(name)/model.onnx")).summary
    }

    func testBatchNormFoldsAndActivationsFuse() throws {
        // Gemm, Reshape, then ConvTranspose → BatchNormalization → LeakyRelu and ConvTranspose → BatchNormalization
        // → Sigmoid: each convolution absorbs its normalisation and activation.
        let s = try planned("deconv_bn_decoder_ts17")
        XCTAssertEqual(s.operatorCounts.first { $0.op == "BatchNormalization" }?.count, 2)
        XCTAssertEqual(s.plannedNodeCount, 4)
    }

    func testErfGeluBecomesOneNode() throws {
        // Div, Erf, Add, Mul, Mul become one Gelu (the ConvTranspose output has a second reader, so it stays apart).
        let s = try planned("conv_decoder_bilinear_ts17")
        XCTAssertEqual(s.operatorCounts.first { $0.op == "Erf" }?.count, 1)
        XCTAssertEqual(s.plannedNodeCount, 9)
    }

    func testViewArithmeticFolds() throws {
        // x.view(z.size(0), 1, 8, 8): Shape, Gather, Unsqueeze, Concat and their constants fold into the Reshape.
        let s = try planned("mlp_decoder_ts17")
        XCTAssertEqual(s.nodeCount, 14)
        XCTAssertEqual(s.plannedNodeCount, 3)
    }
}
