import Foundation

/// Small ONNX models built in memory with seeded random weights (PyTorch's default initialisation), for tests and
/// benchmarks that need an encoder or decoder without a trained model file.
///
/// Each function returns the bytes of a complete ONNX file (opset 17, batch dimension `N`), the same graph PyTorch's
/// exporter writes for the equivalent `nn.Sequential`; pass them to `ONNXModel.load(data:)` or write them out.
public enum SyntheticModels {
    /// `x[N, C, H, W] → Flatten → (Gemm → Relu)… → Gemm` twice: outputs `mu` and `logvar` of `latent` elements.
    public static func mlpEncoder(input: [Int], hidden: [Int], latent: Int, seed: UInt64 = 0) -> Data {
        var g = GraphWriter(seed: seed)
        g.input("x", ["N"] + input.map { .n($0) })
        g.node("Flatten", ["x"], ["flat"], ["axis": .int(1)])
        var width = input.reduce(1, *), value = "flat"
        for (i, h) in hidden.enumerated() {
            value = g.dense(value, inputs: width, outputs: h, name: "fc\(i)", activation: "Relu")
            width = h
        }
        for head in ["mu", "logvar"] {
            _ = g.dense(value, inputs: width, outputs: latent, name: head, output: head)
            g.output(head, ["N", .n(latent)])
        }
        return g.model()
    }

    /// `x[N, C, H, W] → (Conv 3×3 stride 2 pad 1 → Relu)… → Flatten → Gemm → Relu → Gemm` twice (`mu`, `logvar`).
    public static func convEncoder(input: [Int], channels: [Int], dense: Int, latent: Int, seed: UInt64 = 0) -> Data {
        precondition(input.count == 3, "input is C×H×W")
        var g = GraphWriter(seed: seed)
        g.input("x", ["N"] + input.map { .n($0) })
        var c = input[0], h = input[1], w = input[2], value = "x"
        for (i, out) in channels.enumerated() {
            let weight = g.weight("conv\(i).weight", [out, c, 3, 3], fanIn: c * 9)
            let bias = g.weight("conv\(i).bias", [out], fanIn: c * 9)
            g.node("Conv", [value, weight, bias], ["conv\(i)"], ["kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]),
                                                               "pads": .ints([1, 1, 1, 1])])
            g.node("Relu", ["conv\(i)"], ["conv\(i).relu"])
            value = "conv\(i).relu"
            c = out; h = (h + 1) / 2; w = (w + 1) / 2
        }
        g.node("Flatten", [value], ["flat"], ["axis": .int(1)])
        let features = g.dense("flat", inputs: c * h * w, outputs: dense, name: "fc", activation: "Relu")
        for head in ["mu", "logvar"] {
            _ = g.dense(features, inputs: dense, outputs: latent, name: head, output: head)
            g.output(head, ["N", .n(latent)])
        }
        return g.model()
    }

    /// `z[N, latent] → (Gemm → Relu)… → Gemm → Sigmoid → Reshape` to `output` (e.g. [1, 28, 28]): output `x_hat`.
    public static func mlpDecoder(latent: Int, hidden: [Int], output: [Int], seed: UInt64 = 0) -> Data {
        var g = GraphWriter(seed: seed)
        g.input("z", ["N", .n(latent)])
        var width = latent, value = "z"
        for (i, h) in hidden.enumerated() {
            value = g.dense(value, inputs: width, outputs: h, name: "fc\(i)", activation: "Relu")
            width = h
        }
        let logits = g.dense(value, inputs: width, outputs: output.reduce(1, *), name: "out")
        g.node("Sigmoid", [logits], ["probabilities"])
        g.constant("shape", shape: [output.count + 1], int64s: [-1] + output.map(Int64.init))
        g.node("Reshape", ["probabilities", "shape"], ["x_hat"])
        g.output("x_hat", ["N"] + output.map { .n($0) })
        return g.model()
    }
}

/// Accumulates a graph for `SyntheticModels`.
private struct GraphWriter {
    enum D: ExpressibleByStringLiteral {
        case n(Int), s(String)
        init(stringLiteral value: String) { self = .s(value) }
    }
    enum A { case int(Int), ints([Int]) }

    var graph = Onnx_GraphProto()
    var random: UInt64

    init(seed: UInt64) {
        random = seed &+ 0x9E37_79B9_7F4A_7C15
        graph.name = "synthetic"
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

    static func valueInfo(_ name: String, _ dims: [D]) -> Onnx_ValueInfoProto {
        var vi = Onnx_ValueInfoProto()
        vi.name = name
        var tt = Onnx_TypeProto.Tensor()
        tt.elemType = Int32(ElementType.float32.rawValue)
        var shape = Onnx_TensorShapeProto()
        shape.dim = dims.map { d in
            var dim = Onnx_TensorShapeProto.Dimension()
            switch d {
            case .n(let v): dim.dimValue = Int64(v)
            case .s(let s): dim.dimParam = s
            }
            return dim
        }
        tt.shape = shape
        vi.type.tensorType = tt
        return vi
    }

    mutating func input(_ name: String, _ dims: [D]) { graph.input.append(Self.valueInfo(name, dims)) }
    mutating func output(_ name: String, _ dims: [D]) { graph.output.append(Self.valueInfo(name, dims)) }

    mutating func constant(_ name: String, shape: [Int], floats: [Float]) {
        var p = Onnx_TensorProto()
        p.name = name
        p.dims = shape.map(Int64.init)
        p.dataType = Int32(ElementType.float32.rawValue)
        p.rawData = floats.withUnsafeBufferPointer { Data(buffer: $0) }
        graph.initializer.append(p)
    }

    mutating func constant(_ name: String, shape: [Int], int64s: [Int64]) {
        var p = Onnx_TensorProto()
        p.name = name
        p.dims = shape.map(Int64.init)
        p.dataType = Int32(ElementType.int64.rawValue)
        p.int64Data = int64s
        graph.initializer.append(p)
    }

    /// A weight tensor uniform in ±1/√fanIn, as PyTorch initialises Linear and Conv layers.
    mutating func weight(_ name: String, _ shape: [Int], fanIn: Int) -> String {
        let bound = 1 / Float(fanIn).squareRoot()
        let values = (0..<shape.reduce(1, *)).map { _ in uniform() * bound }
        constant(name, shape: shape, floats: values)
        return name
    }

    mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], _ attributes: [String: A] = [:]) {
        var n = Onnx_NodeProto()
        n.opType = op
        n.name = "\(op)_\(graph.node.count)"
        n.input = inputs
        n.output = outputs
        n.attribute = attributes.sorted { $0.key < $1.key }.map { key, value in
            var a = Onnx_AttributeProto()
            a.name = key
            switch value {
            case .int(let v): a.type = .int; a.i = Int64(v)
            case .ints(let v): a.type = .ints; a.ints = v.map(Int64.init)
            }
            return a
        }
        graph.node.append(n)
    }

    /// `Gemm(x, W, b, transB = 1)` and an optional activation; returns the output value's name.
    mutating func dense(_ x: String, inputs: Int, outputs: Int, name: String, activation: String? = nil,
                        output: String? = nil) -> String {
        let w = weight("\(name).weight", [outputs, inputs], fanIn: inputs)
        let b = weight("\(name).bias", [outputs], fanIn: inputs)
        let gemmOut = activation == nil ? (output ?? name) : name
        node("Gemm", [x, w, b], [gemmOut], ["transB": .int(1)])
        guard let activation else { return gemmOut }
        let out = output ?? "\(name).\(activation.lowercased())"
        node(activation, [gemmOut], [out])
        return out
    }

    func model() -> Data {
        var m = Onnx_ModelProto()
        m.irVersion = 8
        m.producerName = "latent-synthetic"
        var imp = Onnx_OperatorSetIdProto()
        imp.domain = ""
        imp.version = 17
        m.opsetImport = [imp]
        m.graph = graph
        return (try? m.serializedData()) ?? Data()
    }
}
