import Tensors

/// Rewrites of multi-node patterns exporters emit: the erf form of GELU and `x · Sigmoid(x)` (SiLU) become one
/// activation, and inference-time BatchNormalization after a convolution is folded into the convolution's weights
/// and bias.
enum PatternFusion {
    static func run(_ graph: inout Graph) {
        fuseErfGelu(&graph)
        fuseSiLU(&graph)
        foldBatchNorms(&graph)
    }

    // MARK: - GELU

    /// `0.5 · x · (1 + erf(x / √2))`, in either order of its two multiplications, becomes `Gelu(x)`.
    static func fuseErfGelu(_ graph: inout Graph) {
        let producers = graph.producers()
        func node(_ value: String) -> TypedNode? { producers[value].map { graph.nodes[$0] } }
        func constant(_ value: String) -> Float? {
            guard let t = graph.constants[value] ?? graph.facts[value]?.constant, t.count == 1, t.dtype == .float32 else { return nil }
            return t.floats![0]
        }
        func near(_ a: Float?, _ b: Float) -> Bool { a.map { abs($0 - b) < 1e-4 } ?? false }
        /// The other operand of a binary node, given one of them.
        func other(_ n: TypedNode, _ one: String) -> String? {
            guard n.inputs.count == 2 else { return nil }
            return n.inputs[0] == one ? n.inputs[1] : (n.inputs[1] == one ? n.inputs[0] : nil)
        }
        /// x when `value` is `1 + erf(x / √2)` (or `erf(x · 1/√2) + 1`).
        func onePlusErf(_ value: String) -> String? {
            guard let add = node(value), add.opType == "Add", add.inputs.count == 2 else { return nil }
            let (e, one) = node(add.inputs[0])?.opType == "Erf" ? (add.inputs[0], add.inputs[1]) : (add.inputs[1], add.inputs[0])
            guard near(constant(one), 1), let erf = node(e), erf.opType == "Erf", let scaled = node(erf.inputs[0]) else { return nil }
            if scaled.opType == "Div", near(constant(scaled.inputs[1]), Float(2).squareRoot()) { return scaled.inputs[0] }
            if scaled.opType == "Mul" {
                for (i, c) in scaled.inputs.enumerated() where near(constant(c), Float(0.5).squareRoot()) { return scaled.inputs[1 - i] }
            }
            return nil
        }
        for i in graph.nodes.indices where graph.nodes[i].opType == "Mul" {
            let outer = graph.nodes[i]
            guard outer.inputs.count == 2, let y = outer.outputs.first, !y.isEmpty else { continue }
            var x: String? = nil
            for (k, side) in outer.inputs.enumerated() {
                let rest = outer.inputs[1 - k]
                guard let inner = node(side), inner.opType == "Mul" else { continue }
                if near(constant(rest), 0.5) {
                    // (x · (1 + erf)) · 0.5
                    for operand in inner.inputs { if let found = onePlusErf(operand), other(inner, operand) == found { x = found } }
                } else if let found = onePlusErf(rest), other(inner, found).map({ near(constant($0), 0.5) }) == true {
                    // (x · 0.5) · (1 + erf)
                    x = found
                }
            }
            guard let x else { continue }
            graph.nodes[i] = TypedNode(name: outer.name, opType: "Gelu", inputs: [x], outputs: [y],
                                       op: ActivationOp(activation: .gelu))
        }
    }

    // MARK: - SiLU

    /// `Mul(x, Sigmoid(x))` (either order) becomes `SiLU(x)` when the Sigmoid's output has no other reader; the
    /// Sigmoid goes, so that x's producer can take the activation as its epilogue.
    static func fuseSiLU(_ graph: inout Graph) {
        var i = 0
        while i < graph.nodes.count {
            defer { i += 1 }
            let mul = graph.nodes[i]
            guard mul.opType == "Mul", mul.inputs.count == 2, let y = mul.outputs.first, !y.isEmpty,
                  graph.facts[y]?.dtype == .float32 else { continue }
            let producers = graph.producers()
            for k in 0..<2 {
                let x = mul.inputs[1 - k], gate = mul.inputs[k]
                guard let s = producers[gate], graph.nodes[s].opType == "Sigmoid", graph.nodes[s].inputs == [x],
                      !graph.outputSources.contains(gate),
                      graph.nodes.filter({ $0.inputs.contains(gate) }).count == 1,
                      graph.facts[x]?.shape == graph.facts[y]?.shape else { continue }
                graph.nodes[i] = TypedNode(name: mul.name, opType: "SiLU", inputs: [x], outputs: [y],
                                           op: ActivationOp(activation: .silu))
                graph.nodes.remove(at: s)
                if s < i { i -= 1 }
                break
            }
        }
    }

    // MARK: - BatchNormalization folding

    /// `Conv → BatchNormalization` (or ConvTranspose) with constant weights and statistics becomes one convolution.
    static func foldBatchNorms(_ graph: inout Graph) {
        var i = 0
        while i < graph.nodes.count {
            defer { i += 1 }
            let conv = graph.nodes[i]
            guard conv.opType == "Conv" || conv.opType == "ConvTranspose", conv.inputs.count >= 2,
                  let out = conv.outputs.first, !out.isEmpty, !graph.outputSources.contains(out),
                  let w = graph.constants[conv.inputs[1]], w.dtype == .float32, w.rank >= 3 else { continue }
            let readers = graph.nodes.indices.filter { graph.nodes[$0].inputs.contains(out) }
            guard readers.count == 1, let j = readers.first, graph.nodes[j].opType == "BatchNormalization",
                  let bn = graph.nodes[j].op as? BatchNormalizationOp, !bn.training, graph.nodes[j].inputs.first == out,
                  graph.nodes[j].inputs.count >= 5,
                  !graph.nodes[j].outputs.dropFirst().contains(where: { !$0.isEmpty }) else { continue }
            let params = graph.nodes[j].inputs[1...4].compactMap { graph.constants[$0]?.floatValues() }
            let bias = conv.inputs.count > 2 && !conv.inputs[2].isEmpty ? graph.constants[conv.inputs[2]]?.floatValues() : nil
            if conv.inputs.count > 2 && !conv.inputs[2].isEmpty && bias == nil { continue }
            let transposed = conv.opType == "ConvTranspose"
            let group = transposed ? (conv.op as? ConvTransposeOp)?.group ?? 1 : (conv.op as? ConvOp)?.group ?? 1
            let outChannels = transposed ? w.shape[1] * group : w.shape[0]
            guard params.count == 4, params.allSatisfy({ $0.count == outChannels }) else { continue }
            let (a, b) = BatchNormalizationOp.affine(scale: params[0], bias: params[1], mean: params[2], variance: params[3],
                                                     epsilon: bn.epsilon)
            var weights = w.floats!
            let kernel = w.shape[2...].reduce(1, *)
            if transposed {
                // W is [C, M/group, k…]; input channel c belongs to group c / (C / group).
                let perGroup = w.shape[1], inPerGroup = w.shape[0] / group
                for c in 0..<w.shape[0] { for j2 in 0..<perGroup {
                    let scale = a[(c / inPerGroup) * perGroup + j2]
                    let base = (c * perGroup + j2) * kernel
                    for k in 0..<kernel { weights[base + k] *= scale }
                } }
            } else {
                let perChannel = weights.count / outChannels
                for m in 0..<outChannels { for k in 0..<perChannel { weights[m * perChannel + k] *= a[m] } }
            }
            let newBias = (0..<outChannels).map { (bias?[$0] ?? 0) * a[$0] + b[$0] }
            guard let wT = try? Tensor(shape: w.shape, floats: weights), let bT = try? Tensor(shape: [outChannels], floats: newBias) else { continue }
            let wName = "\(conv.name):folded_weight", bName = "\(conv.name):folded_bias"
            graph.constants[wName] = wT
            graph.constants[bName] = bT
            graph.facts[wName] = ValueFact(constant: wT)
            graph.facts[bName] = ValueFact(constant: bT)
            graph.nodes[i].inputs = [conv.inputs[0], wName, bName]
            graph.nodes[i].outputs[0] = graph.nodes[j].outputs[0]
            graph.nodes.remove(at: j)
            if j < i { i -= 1 }
        }
    }
}
