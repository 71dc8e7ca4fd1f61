import Foundation
@testable import ONNX
import ONNXGraphBuilding
import ONNXProto
import Tensors
import XCTest

/// Bad model files: each gives one clear `ONNXError`, never a crash.
final class LoaderTests: XCTestCase {
    private func loadError(_ data: Data) -> ONNXError? {
        do {
            _ = try ONNXModel.load(data: data, name: "bad.onnx")
            return nil
        } catch {
            return error
        }
    }

    private func mlp() -> ONNXGraphBuilder {
        var b = ONNXGraphBuilder()
        b.input("x", ["N", 3])
        b.initializer("w", try! Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]))
        b.initializer("b", try! Tensor(shape: [2], floats: [0.5, -0.5]))
        b.node("Gemm", ["x", "w", "b"], ["y"], ["transB": .i(1)])
        b.output("y", ["N", 2])
        return b
    }

    func testEmptyFile() {
        let e = loadError(Data())
        XCTAssertEqual(e?.description, "bad.onnx: not a valid ONNX model: the file is empty")
    }

    func testRandomBytes() {
        var r = TestRandom(seed: 7)
        for length in [1, 7, 100, 4096] {
            let data = Data((0..<length).map { _ in UInt8(truncatingIfNeeded: r.next()) })
            guard let e = loadError(data) else { return XCTFail("random bytes of length \(length) loaded") }
            XCTAssertTrue(e.description.hasPrefix("bad.onnx: not a valid ONNX model"), e.description)
        }
    }

    func testTruncatedModel() throws {
        let data = try mlp().data()
        for cut in [data.count / 3, data.count / 2, data.count - 1] {
            guard let e = loadError(data.prefix(cut)) else { return XCTFail("a model cut at \(cut) loaded") }
            XCTAssertTrue(e.description.contains("not a valid ONNX model"), e.description)
        }
    }

    func testProtobufThatIsNotAModel() throws {
        var shape = Onnx_TensorShapeProto()
        var d = Onnx_TensorShapeProto.Dimension()
        d.dimValue = 3
        shape.dim = [d]
        let e = loadError(try shape.serializedData())
        XCTAssertNotNil(e)
        let tensor = try ONNXGraphBuilder.tensorProto("t", Tensor(shape: [2], floats: [1, 2])).serializedData()
        XCTAssertNotNil(loadError(tensor))
    }

    func testMissingInitializer() throws {
        var b = mlp()
        b.initializers.removeAll { $0.name == "w" }
        let e = loadError(try b.data())
        XCTAssertEqual(e?.description, "bad.onnx: not a valid ONNX model: node 'gemm_0' (Gemm) reads 'w', which no node, "
            + "initializer or graph input provides (a missing initializer?)")
    }

    func testInitializerWithWrongByteCount() throws {
        var b = mlp()
        b.initializers[0].floatData = [1, 2, 3]
        let e = loadError(try b.data())
        XCTAssertTrue(e?.description.contains("tensor 'w' has 3 values in float_data but its shape [2, 3] needs 6") ?? false,
                      e?.description ?? "loaded")
    }

    func testExternalDataIsRefused() throws {
        var b = mlp()
        var entry = Onnx_StringStringEntryProto()
        entry.key = "location"
        entry.value = "weights.bin"
        b.initializers[0].externalData = [entry]
        b.initializers[0].dataLocation = .external
        b.initializers[0].floatData = []
        let e = loadError(try b.data())
        XCTAssertEqual(e?.description, "bad.onnx: tensor 'w' is stored in an external data file ('weights.bin'), which is not "
            + "supported; re-save the model with every tensor inside it (onnx.save(model, path, save_as_external_data=False))")
    }

    func testUnsupportedOperatorsAreAllListed() throws {
        var b = mlp()
        b.node("NonMaxSuppression", ["y"], ["z"], name: "nms_0")
        b.node("Relu", ["z"], ["r"])
        b.node("Gelu", ["r"], ["s"], name: "act", ["approximate": .s("sigmoid")])
        b.node("FancyOp", ["s"], ["t"], name: "fancy")
        b.nodes[b.nodes.count - 1].domain = "com.example"
        b.outputs = [ONNXGraphBuilder.valueInfo("t", .float32, nil)]
        let e = loadError(try b.data())
        XCTAssertEqual(e?.description, "bad.onnx: unsupported ONNX operator 'NonMaxSuppression' (node 'nms_0', opset 17); "
            + "unsupported ONNX operator 'Gelu' (node 'act', opset 17): approximate 'sigmoid' is not supported; "
            + "unsupported ONNX operator 'com.example.FancyOp' (node 'fancy', opset 0)")
    }

    func testCycleIsRefused() throws {
        var b = ONNXGraphBuilder()
        b.input("x", [2])
        b.node("Add", ["x", "b"], ["a"])
        b.node("Relu", ["a"], ["b"])
        b.output("b")
        let e = loadError(try b.data())
        XCTAssertTrue(e?.description.contains("the graph has a cycle") ?? false, e?.description ?? "loaded")
    }

    func testOutputNotProduced() throws {
        var b = mlp()
        b.output("nowhere")
        let e = loadError(try b.data())
        XCTAssertEqual(e?.description, "bad.onnx: not a valid ONNX model: graph output 'nowhere' is not produced by any node")
    }

    func testMissingFile() {
        XCTAssertThrowsError(try ONNXModel.load(URL(fileURLWithPath: "/nonexistent/model.onnx"))) { error in
            XCTAssertEqual("\(error)", "/nonexistent/model.onnx: not a valid ONNX model: no such file")
            XCTAssertTrue(error is UserInputError)
        }
    }

    func testSummaryAndDeclaredInputs() throws {
        let model = try mlp().load()
        XCTAssertEqual(model.inputs.map(\.description), ["x: float32 [N, 3]"])
        XCTAssertEqual(model.outputs.map(\.description), ["y: float32 [N, 2]"])
        XCTAssertEqual(model.summary.opset, 17)
        XCTAssertEqual(model.summary.operatorList, "Gemm×1")
        XCTAssertEqual(model.summary.parameterCount, 8)
    }
}
