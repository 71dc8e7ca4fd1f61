import Foundation
@testable import ONNX
import ONNXGraphBuilding
import Tensors
import XCTest

/// Running models: results against plain-Swift references, input checks, NaN and empty batches.
final class RunTests: XCTestCase {
    /// x[N,4] → Gemm(4→3) → Relu → MatMul(3→2) → Add(bias) → Sigmoid.
    private func network(seed: UInt64 = 1) -> (ONNXGraphBuilder, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) {
        var r = TestRandom(seed: seed)
        let w1 = r.tensor([3, 4]), b1 = r.tensor([3]), w2 = r.tensor([3, 2]), b2 = r.tensor([2])
        var b = ONNXGraphBuilder()
        b.input("x", ["N", 4])
        b.initializer("w1", w1); b.initializer("b1", b1); b.initializer("w2", w2); b.initializer("b2", b2)
        b.node("Gemm", ["x", "w1", "b1"], ["h"], ["transB": .i(1)])
        b.node("Relu", ["h"], ["hr"])
        b.node("MatMul", ["hr", "w2"], ["m"])
        b.node("Add", ["m", "b2"], ["a"])
        b.node("Sigmoid", ["a"], ["y"])
        b.output("y", ["N", 2])
        return (b, w1, b1, w2, b2)
    }

    private func reference(_ x: [Float], rows: Int, _ w1: [Float], _ b1: [Float], _ w2: [Float], _ b2: [Float]) -> [Float] {
        var out: [Float] = []
        for r in 0..<rows {
            var h = [Float](repeating: 0, count: 3)
            for j in 0..<3 {
                var s = b1[j]
                for k in 0..<4 { s += x[r * 4 + k] * w1[j * 4 + k] }
                h[j] = max(s, 0)
            }
            for j in 0..<2 {
                var s = b2[j]
                for k in 0..<3 { s += h[k] * w2[k * 2 + j] }
                out.append(1 / (1 + exp(-s)))
            }
        }
        return out
    }

    func testNetworkMatchesReference() throws {
        let (b, w1, b1, w2, b2) = network()
        let model = try b.load()
        var r = TestRandom(seed: 9)
        for rows in [1, 5, 64] {
            let x = r.tensor([rows, 4])
            let y = try model.run(["x": x])["y"]!
            XCTAssertEqual(y.shape, [rows, 2])
            assertClose(y.floats!, reference(x.floats!, rows: rows, w1.floats!, b1.floats!, w2.floats!, b2.floats!))
        }
        // Relu, Add and Sigmoid fuse into the products: two steps remain.
        XCTAssertEqual(model.summary.plannedNodeCount, 2)
    }

    func testConcurrentRunsAgree() throws {
        let model = try network().0.load()
        var r = TestRandom(seed: 3)
        let x = r.tensor([16, 4])
        let expected = try model.run(["x": x])["y"]!
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 8)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            out[i] = (try? model.run(["x": x])["y"]) == expected
        }
        XCTAssertTrue(results.allSatisfy { $0 })
    }

    func testEmptyBatch() throws {
        let model = try network().0.load()
        let y = try model.run(["x": Tensor(shape: [0, 4], floats: [])])["y"]!
        XCTAssertEqual(y.shape, [0, 2])
        XCTAssertEqual(y.count, 0)
    }

    func testNaNPropagates() throws {
        let model = try network().0.load()
        var values = [Float](repeating: 0.5, count: 8)
        values[1] = .nan
        let y = try model.run(["x": Tensor(shape: [2, 4], floats: values)])["y"]!
        let out = y.floats!
        XCTAssertTrue(out[0].isNaN && out[1].isNaN, "row with NaN should give NaN: \(out)")
        XCTAssertFalse(out[2].isNaN || out[3].isNaN, "clean row should stay finite: \(out)")
    }

    func testWrongDimensionNamesInputAndDimension() throws {
        let model = try network().0.load()
        XCTAssertThrowsError(try model.run(["x": Tensor(shape: [2, 5], floats: .init(repeating: 0, count: 10))])) { e in
            XCTAssertEqual("\(e)", "model input 'x' dimension 1 must be 4 (input shape [N, 4]) but the data has 5 (data shape [2, 5])")
            XCTAssertTrue(e is UserInputError)
        }
        XCTAssertThrowsError(try model.run(["x": Tensor(shape: [8], floats: .init(repeating: 0, count: 8))])) { e in
            XCTAssertEqual("\(e)", "model input 'x' takes rank 2 [N, 4] but the data has rank 1 [8]")
        }
    }

    func testWrongTypeAndNames() throws {
        let model = try network().0.load()
        XCTAssertThrowsError(try model.run(["x": Tensor(shape: [1, 4], int64s: [1, 2, 3, 4])])) { e in
            XCTAssertEqual("\(e)", "model input 'x' takes float32 but the data is int64")
        }
        XCTAssertThrowsError(try model.run([:])) { e in
            XCTAssertEqual("\(e)", "no value given for model input 'x' (the model's inputs are: x)")
        }
        XCTAssertThrowsError(try model.run(["x": Tensor.scalar(0), "z": Tensor.scalar(0)])) { e in
            XCTAssertEqual("\(e)", "the model has no input named 'z' (its inputs are: x)")
        }
        // float64 data is converted for float32 inputs.
        let y = try model.run(["x": Tensor(shape: [1, 4], doubles: [1, 2, 3, 4])])["y"]!
        XCTAssertEqual(y.dtype, .float32)
    }

    func testShapeMismatchInsideTheGraphNamesTheNode() throws {
        var b = ONNXGraphBuilder()
        b.input("x", nil)
        b.initializer("w", try Tensor(shape: [3, 2], floats: .init(repeating: 1, count: 6)))
        b.node("MatMul", ["x", "w"], ["y"], name: "proj")
        b.output("y")
        let model = try b.load()
        XCTAssertThrowsError(try model.run(["x": Tensor(shape: [2, 4], floats: .init(repeating: 1, count: 8))])) { e in
            XCTAssertEqual("\(e)", "node 'proj' (MatMul) failed: shapes [2, 4] and [3, 2] cannot be multiplied (4 ≠ 3)")
        }
    }

    /// `x.view(x.size(0), -1)` as the TorchScript exporter writes it folds into one static Reshape.
    func testViewChainFolds() throws {
        var b = ONNXGraphBuilder()
        b.input("x", ["N", 2, 3])
        b.node("Shape", ["x"], ["s"])
        b.node("Constant", [], ["zero"], ["value": .t(try Tensor(shape: [], int64s: [0]))])
        b.node("Gather", ["s", "zero"], ["n"], ["axis": .i(0)])
        b.node("Unsqueeze", ["n", "axes"], ["n1"])
        b.initializer("axes", try Tensor(shape: [1], int64s: [0]))
        b.initializer("minus1", try Tensor(shape: [1], int64s: [-1]))
        b.node("Concat", ["n1", "minus1"], ["shape"], ["axis": .i(0)])
        b.node("Reshape", ["x", "shape"], ["y"])
        b.output("y")
        let model = try b.load()
        XCTAssertEqual(model.summary.plannedNodeCount, 1)
        XCTAssertEqual(model.outputs[0].shape, [.symbol("N"), .known(6)])
        let x = try Tensor(shape: [3, 2, 3], floats: (0..<18).map(Float.init))
        let y = try model.run(["x": x])["y"]!
        XCTAssertEqual(y.shape, [3, 6])
        XCTAssertEqual(y.floats, x.floats)
    }

    /// `x · Sigmoid(x)` after a Conv, in either operand order, becomes the Conv's SiLU epilogue: one planned node,
    /// the values of the Conv's output times its sigmoid.
    func testSigmoidTimesInputFusesIntoTheConvolution() throws {
        var r = TestRandom(seed: 5)
        let weight = r.tensor([2, 1, 3, 3]), bias = r.tensor([2])
        func model(silu: Bool, sigmoidFirst: Bool) throws -> ONNXModel {
            var b = ONNXGraphBuilder()
            b.input("x", ["N", 1, 5, 5])
            b.initializer("w", weight)
            b.initializer("b", bias)
            b.node("Conv", ["x", "w", "b"], ["c"], ["pads": .ints([1, 1, 1, 1])])
            if silu {
                b.node("Sigmoid", ["c"], ["s"])
                b.node("Mul", sigmoidFirst ? ["s", "c"] : ["c", "s"], ["y"])
                b.output("y")
            } else {
                b.output("c")
            }
            return try b.load()
        }
        let x = r.tensor([3, 1, 5, 5])
        let conv = try model(silu: false, sigmoidFirst: false).run(x).floats!
        let expected = conv.map { v in Float(Double(v) / (1 + exp(-Double(v)))) }
        for sigmoidFirst in [false, true] {
            let fused = try model(silu: true, sigmoidFirst: sigmoidFirst)
            XCTAssertEqual(fused.summary.plannedNodeCount, 1)
            assertClose(try fused.run(x).floats!, expected, atol: 1e-6, rtol: 1e-5)
        }
    }
}

/// The in-memory models benchmarks and other targets' tests use.
final class SyntheticModelTests: XCTestCase {
    func testSyntheticModelsLoadAndRun() throws {
        let encoder = try ONNXModel.load(data: SyntheticModels.mlpEncoder(input: [1, 4, 4], hidden: [8], latent: 3))
        let conv = try ONNXModel.load(data: SyntheticModels.convEncoder(input: [1, 8, 8], channels: [2, 4], dense: 6, latent: 3))
        let decoder = try ONNXModel.load(data: SyntheticModels.mlpDecoder(latent: 3, hidden: [8], output: [1, 4, 4]))
        var r = TestRandom(seed: 5)
        let x = r.tensor([5, 1, 4, 4])
        let codes = try encoder.run(["x": x])
        XCTAssertEqual(codes["mu"]?.shape, [5, 3])
        XCTAssertEqual(codes["logvar"]?.shape, [5, 3])
        XCTAssertNotEqual(codes["mu"], codes["logvar"])
        XCTAssertEqual(try conv.run(["x": r.tensor([2, 1, 8, 8])])["mu"]?.shape, [2, 3])
        let image = try decoder.run(["z": codes["mu"]!])["x_hat"]!
        XCTAssertEqual(image.shape, [5, 1, 4, 4])
        XCTAssertTrue(image.floats!.allSatisfy { $0 > 0 && $0 < 1 })
        // The same seed gives the same model.
        XCTAssertEqual(SyntheticModels.mlpDecoder(latent: 3, hidden: [8], output: [16], seed: 9),
                       SyntheticModels.mlpDecoder(latent: 3, hidden: [8], output: [16], seed: 9))
    }
}
