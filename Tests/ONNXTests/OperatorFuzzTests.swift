import Foundation
@testable import ONNX
import ONNXGraphBuilding
import Tensors
import XCTest

/// Every registered operator on random small inputs with random and extreme attribute values: loading and running
/// either succeed or throw `ONNXError`; nothing crashes.
final class OperatorFuzzTests: XCTestCase {
    private var random = TestRandom(seed: 2024)

    private func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }

    private func randomInt() -> Int {
        pick([0, 1, 1, 2, 2, 3, -1, -2, 4, 7, 1 << 20, Int(Int32.max), Int(Int64.max), Int(Int64.min)])
    }

    private func randomTensor() -> Tensor {
        let rank = pick([0, 1, 1, 2, 2, 3, 4])
        let shape = (0..<rank).map { _ in pick([0, 1, 1, 2, 3, 4]) }
        let n = shape.reduce(1, *)
        switch pick([0, 0, 0, 1, 2, 3]) {
        case 1: return try! Tensor(shape: shape, int64s: (0..<n).map { _ in Int64(pick([-3, -1, 0, 1, 2, 3, 5])) })
        case 2: return try! Tensor(shape: shape, bools: (0..<n).map { _ in random.next() % 2 == 0 })
        case 3: return try! Tensor(shape: shape, floats: (0..<n).map { _ in pick([Float.nan, .infinity, -.infinity, 0, -0.5, 1e30]) })
        default: return random.tensor(shape)
        }
    }

    private func randomAttribute() -> ONNXGraphBuilder.A {
        switch random.next() % 6 {
        case 0: return .i(randomInt())
        case 1: return .f(pick([0, 0.5, 1, -1, 2, Float.nan, .infinity, 1e30]))
        case 2: return .s(pick(["", "bogus", "nearest", "linear", "cubic", "SAME_UPPER", "VALID", "reflect", "edge",
                                "tanh", "half_pixel", "align_corners", "reverse", "bidirectional", "Relu"]))
        case 3: return .ints((0..<pick([0, 1, 2, 4])).map { _ in randomInt() })
        case 4: return .floats((0..<pick([0, 1, 2, 4])).map { _ in pick([0, 0.5, 2, -1]) })
        default: return .t(randomTensor())
        }
    }

    private static let attributeNames = [
        "axis", "axes", "perm", "keepdims", "kernel_shape", "strides", "pads", "dilations", "group", "transA", "transB",
        "alpha", "beta", "epsilon", "mode", "to", "split", "num_outputs", "starts", "ends", "shape", "value",
        "hidden_size", "direction", "auto_pad", "ceil_mode", "count_include_pad", "output_padding", "output_shape",
        "coordinate_transformation_mode", "nearest_mode", "allowzero", "start", "end", "fmod", "min", "max",
        "noop_with_empty_axes", "approximate", "layout", "linear_before_reset", "scales", "training_mode",
    ]

    func testOperatorsNeverCrash() throws {
        var ran = 0, threw = 0
        for op in OperatorRegistry.supportedOperators {
            for _ in 0..<25 {
                var b = ONNXGraphBuilder()
                b.opset = pick([7, 11, 13, 17, 18, 20])
                let inputCount = pick([1, 1, 2, 2, 3, 4, 5])
                var feeds: [String: Tensor] = [:]
                var names: [String] = []
                for i in 0..<inputCount {
                    let t = randomTensor()
                    let name = "in\(i)"
                    if random.next() % 3 == 0 {
                        b.initializer(name, t)
                    } else {
                        b.input(name, nil, ElementType(t.dtype))
                        feeds[name] = t
                    }
                    names.append(random.next() % 7 == 0 && i > 0 ? "" : name)
                }
                var attributes: [String: ONNXGraphBuilder.A] = [:]
                for _ in 0..<pick([0, 1, 2, 3, 5]) { attributes[pick(Self.attributeNames)] = randomAttribute() }
                let outputs = (0..<pick([1, 1, 2, 3])).map { "out\($0)" }
                b.node(op, names, outputs, attributes)
                for o in outputs { b.output(o) }
                do {
                    let model = try b.load()
                    ran += 1
                    _ = try model.run(feeds)
                } catch is ONNXError {
                    threw += 1
                } catch {
                    XCTFail("\(op): an error that is not an ONNXError: \(error)")
                }
            }
        }
        XCTAssertGreaterThan(ran, 500, "too few fuzz models loaded to mean anything")
        print("operator fuzz: \(ran) models loaded, \(threw) clean errors")
    }

    /// Real exports with bytes flipped, cut or repeated: a clean error or a result, never a crash.
    func testMutatedModelFilesNeverCrash() throws {
        let cases = ["mlp_decoder_ts13", "vae_chunk_ts17", "conv_decoder_dynamo", "sequence_ae_ts17", "pool_encoder_dynamo18"]
        var loaded = 0
        for name in cases {
            let dir = Fixtures.root.appendingPathComponent("onnx/\(name)")
            let original = [UInt8](try Data(contentsOf: dir.appendingPathComponent("model.onnx")))
            let x = try NPY.read(dir.appendingPathComponent("input.npy"))
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<pick([1, 1, 2, 4, 16]) {
                    let at = Int(random.next() % UInt64(bytes.count))
                    switch random.next() % 4 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                    case 1: bytes[at] ^= 1 << UInt8(random.next() % 8)
                    case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 8) + 1))
                    default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 4)], at: at)
                    }
                    if bytes.isEmpty { break }
                }
                // Both calls throw only ONNXError (typed throws); an error is a fine outcome, a crash is not.
                do {
                    let model = try ONNXModel.load(data: Data(bytes), name: "mutated.onnx")
                    loaded += 1
                    if let input = model.inputs.first { _ = try model.run([input.name: x]) }
                } catch {
                    XCTAssertFalse(error.description.isEmpty)
                }
            }
        }
        print("mutated models: \(loaded) of \(cases.count * 60) still loaded")
    }
}
