import Foundation
@testable import ONNX
import Tensors
import XCTest

/// Models that crashed loading or made it allocate without bound (tools/fuzz, and the fuzz target's review):
/// loading each must end quickly, with a model or an `ONNXError`.
final class FuzzRegressionTests: XCTestCase {
    private let dir = Fixtures.root.appendingPathComponent("fuzz/onnx")

    func testEveryFuzzFindingLoadsOrThrowsQuickly() throws {
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "onnx" }.sorted { $0.path < $1.path }
        XCTAssertGreaterThanOrEqual(files.count, 2)
        for url in files {
            let start = Date()
            do {
                _ = try ONNXModel.load(url)
            } catch {
                XCTAssertFalse(error.description.contains("\n"), "\(url.lastPathComponent): one line: \(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, url.lastPathComponent)
        }
    }

    /// A 136-byte model whose ConstantOfShape asks for 40,000 × 40,000 floats: loading used to fold it (6.4 GB,
    /// minutes); now the node is left to run time.
    func testHugeConstantsAreNotFoldedWhileLoading() throws {
        let model = try ONNXModel.load(dir.appendingPathComponent("constant-of-shape-6gb.onnx"))
        XCTAssertEqual(model.summary.plannedNodeCount, 2)
    }

    /// A 5 kB model whose ConstantOfShape makes 16.5 million int64s that Concat, Reshape, Slice, Transpose and Cast
    /// then copied, each also read as 16.5 million `Dim`s: loading took 2.3 GB (found by fuzzing, out of memory).
    func testFoldingIsBoundedByTheDataInTheFile() throws {
        let loaded = try ModelLoader.load(dir.appendingPathComponent("folded-chain-2gb.onnx"))
        let typed = try TypedModel(loaded)
        XCTAssertNil(typed.graph.facts["/ConstantOfShape_output_0"]?.constant, "16.5 M elements from a 5 kB file")
        XCTAssertNil(ValueFact(constant: try Tensor.zeros([5000], dtype: .int64)).symbolic)
        XCTAssertEqual(ValueFact(constant: try Tensor(shape: [2], int64s: [3, 4])).symbolic, [.known(3), .known(4)])
        let limits = Graph.FoldingLimits(initializerElements: 10_000_000)
        XCTAssertEqual(limits.perOutput, 10_000_000, "a model's own weights may still be transformed while loading")
    }

    /// A Reshape to [-50331649, 2] gave a negative dimension to the Slice after it, whose bounds then overflowed.
    func testNegativeDimensionsDoNotReachSliceArithmetic() throws {
        XCTAssertEqual(ReshapeRule.infer(input: [.known(8)], requested: [.known(-5), .known(2)], allowZero: false),
                       [.unknown, .known(2)])
        XCTAssertThrowsError(try SliceOp.plan(shape: [-5], starts: [-1], ends: [Int.min + 1], axes: nil, steps: [-1]))
    }
}
