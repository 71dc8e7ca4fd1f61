import Foundation

/// Small ONNX models built in memory with seeded random weights (PyTorch's default initialisation), for tests and
/// benchmarks that need an encoder or decoder without a trained model file.
///
/// Each function returns the bytes of a complete ONNX file (opset 17, batch dimension `N`), the same graph PyTorch's
/// exporter writes for the equivalent `nn.Sequential`; pass them to `ONNXModel.load(data:)` or write them out.
public enum SyntheticModels {
    /// `x[N, C, H, W] → Flatten → (Gemm → Relu)… → Gemm` twice: outputs `mu` and `logvar` of `latent` elements.
    public static func mlpEncoder(input: [Int], hidden: [Int], latent: Int, seed: UInt64 = 0) -> Data {
        var g = SeededGraph(seed: seed)
        g.builder.input("x", ["N"] + input.map { .n($0) })
        g.builder.node("Flatten", ["x"], ["flat"], ["axis": .i(1)])
        var width = input.reduce(1, *), value = "flat"
        for (i, h) in hidden.enumerated() {
            value = g.dense(value, inputs: width, outputs: h, name: "fc\(i)", activation: "Relu")
            width = h
        }
        for head in ["mu", "logvar"] {
            _ = g.dense(value, inputs: width, outputs: latent, name: head, output: head)
            g.builder.output(head, ["N", .n(latent)])
        }
        return g.model()
    }

    /// `x[N, C, H, W] → (Conv 3×3 stride 2 pad 1 → Relu)… → Flatten → Gemm → Relu → Gemm` twice (`mu`, `logvar`).
    public static func convEncoder(input: [Int], channels: [Int], dense: Int, latent: Int, seed: UInt64 = 0) -> Data {
        precondition(input.count == 3, "input is C×H×W")
        var g = SeededGraph(seed: seed)
        g.builder.input("x", ["N"] + input.map { .n($0) })
        var c = input[0], h = input[1], w = input[2], value = "x"
        for (i, out) in channels.enumerated() {
            let weight = g.weight("conv\(i).weight", [out, c, 3, 3], fanIn: c * 9)
            let bias = g.weight("conv\(i).bias", [out], fanIn: c * 9)
            g.builder.node("Conv", [value, weight, bias], ["conv\(i)"],
                           ["kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1])])
            g.builder.node("Relu", ["conv\(i)"], ["conv\(i).relu"])
            value = "conv\(i).relu"
            c = out; h = (h + 1) / 2; w = (w + 1) / 2
        }
        g.builder.node("Flatten", [value], ["flat"], ["axis": .i(1)])
        let features = g.dense("flat", inputs: c * h * w, outputs: dense, name: "fc", activation: "Relu")
        for head in ["mu", "logvar"] {
            _ = g.dense(features, inputs: dense, outputs: latent, name: head, output: head)
            g.builder.output(head, ["N", .n(latent)])
        }
        return g.model()
    }

    /// `z[N, latent] → (Gemm → Relu)… → Gemm → Sigmoid → Reshape` to `output` (e.g. [1, 28, 28]): output `x_hat`.
    public static func mlpDecoder(latent: Int, hidden: [Int], output: [Int], seed: UInt64 = 0) -> Data {
        var g = SeededGraph(seed: seed)
        g.builder.input("z", ["N", .n(latent)])
        var width = latent, value = "z"
        for (i, h) in hidden.enumerated() {
            value = g.dense(value, inputs: width, outputs: h, name: "fc\(i)", activation: "Relu")
            width = h
        }
        let logits = g.dense(value, inputs: width, outputs: output.reduce(1, *), name: "out")
        g.builder.node("Sigmoid", [logits], ["probabilities"])
        g.builder.initializer("shape", shape: [output.count + 1], int64s: [-1] + output.map(Int64.init))
        g.builder.node("Reshape", ["probabilities", "shape"], ["x_hat"])
        g.builder.output("x_hat", ["N"] + output.map { .n($0) })
        return g.model()
    }
}

/// A graph builder with a seeded source of PyTorch-style initial weights, for `SyntheticModels`.
private struct SeededGraph {
    var builder = ONNXGraphBuilder()
    var random: UInt64

    init(seed: UInt64) {
        random = seed &+ 0x9E37_79B9_7F4A_7C15
        builder.producer = "latent-synthetic"
        builder.graphName = "synthetic"
    }

    /// SplitMix64, uniform in [-1, 1).
    mutating func uniform() -> Float {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 23) - 1
    }

    /// A weight tensor uniform in ±1/√fanIn, as PyTorch initialises Linear and Conv layers.
    mutating func weight(_ name: String, _ shape: [Int], fanIn: Int) -> String {
        let bound = 1 / Float(fanIn).squareRoot()
        let values = (0..<shape.reduce(1, *)).map { _ in uniform() * bound }
        builder.initializer(name, shape: shape, floats: values)
        return name
    }

    /// `Gemm(x, W, b, transB = 1)` and an optional activation; returns the output value's name.
    mutating func dense(_ x: String, inputs: Int, outputs: Int, name: String, activation: String? = nil,
                        output: String? = nil) -> String {
        let w = weight("\(name).weight", [outputs, inputs], fanIn: inputs)
        let b = weight("\(name).bias", [outputs], fanIn: inputs)
        let gemmOut = activation == nil ? (output ?? name) : name
        builder.node("Gemm", [x, w, b], [gemmOut], ["transB": .i(1)])
        guard let activation else { return gemmOut }
        let out = output ?? "\(name).\(activation.lowercased())"
        builder.node(activation, [gemmOut], [out])
        return out
    }

    /// The model's bytes (building from well-formed messages cannot fail to serialise).
    func model() -> Data { (try? builder.data()) ?? Data() }
}
