import Tensors

/// Fuses the pointwise work after a matrix product into the product's epilogue: `MatMul → Add(bias)` becomes one
/// MatMul with a bias, and a following activation (Relu, LeakyRelu, Sigmoid, Tanh, Clip, …) joins Gemm, MatMul or
/// Conv. The fused value must have no other reader.
enum Fusion {
    static func run(_ graph: inout Graph) {
        PatternFusion.run(&graph)
        fuseBiases(&graph)
        fuseActivations(&graph)
    }

    /// The single node reading `value`, when `value` is not a graph output and has exactly one reader.
    private static func soleReader(of value: String, in graph: Graph) -> Int? {
        guard !graph.outputSources.contains(value) else { return nil }
        var reader: Int? = nil
        for (i, node) in graph.nodes.enumerated() {
            let uses = node.inputs.filter { $0 == value }.count
            if uses == 0 { continue }
            if reader != nil || uses > 1 { return nil }
            reader = i
        }
        return reader
    }

    private static func fuseBiases(_ graph: inout Graph) {
        var i = 0
        while i < graph.nodes.count {
            defer { i += 1 }
            guard var op = graph.nodes[i].op as? MatMulOp, op.bias == nil, op.activation == nil,
                  let out = graph.nodes[i].outputs.first, !out.isEmpty,
                  graph.facts[out]?.dtype == .float32,
                  let j = soleReader(of: out, in: graph), graph.nodes[j].opType == "Add",
                  graph.nodes[j].inputs.count == 2 else { continue }
            let add = graph.nodes[j]
            let other = add.inputs[0] == out ? add.inputs[1] : add.inputs[0]
            guard let bias = graph.constants[other], bias.dtype == .float32, bias.rank == 1,
                  let n = graph.facts[out]?.shape?.last?.value, bias.count == n,
                  let addOut = add.outputs.first, !addOut.isEmpty else { continue }
            op.bias = bias
            graph.nodes[i].op = op
            graph.nodes[i].outputs[0] = addOut
            graph.nodes.remove(at: j)
            if j < i { i -= 1 }
        }
    }

    private static func fuseActivations(_ graph: inout Graph) {
        var i = 0
        while i < graph.nodes.count {
            defer { i += 1 }
            let node = graph.nodes[i]
            guard let out = node.outputs.first, !out.isEmpty, graph.facts[out]?.dtype == .float32,
                  let j = soleReader(of: out, in: graph), let activation = activation(of: graph.nodes[j], graph),
                  let activationOut = graph.nodes[j].outputs.first, !activationOut.isEmpty else { continue }
            guard let fused = withActivation(node.op, activation) else { continue }
            graph.nodes[i].op = fused
            graph.nodes[i].outputs[0] = activationOut
            graph.nodes.remove(at: j)
            if j < i { i -= 1 }
        }
    }

    /// The activation a node computes, when it is a pointwise activation of its first input alone.
    private static func activation(of node: TypedNode, _ graph: Graph) -> Activation? {
        if let op = node.op as? ActivationOp { return op.activation }
        if node.opType == "Clip", let op = node.op as? ClipOp {
            if let bounds = op.attributeBounds { return .clip(min: bounds.min, max: bounds.max) }
            func bound(_ k: Int, _ fallback: Float) -> Float? {
                guard k < node.inputs.count, !node.inputs[k].isEmpty else { return fallback }
                guard let t = graph.constants[node.inputs[k]], t.count == 1 else { return nil }
                return t.floatValues()[0]
            }
            guard let lo = bound(1, -.infinity), let hi = bound(2, .infinity) else { return nil }
            return .clip(min: lo, max: hi)
        }
        return nil
    }

    /// The product operator with an activation in its epilogue, when it has room for one.
    private static func withActivation(_ op: any Operator, _ activation: Activation) -> (any Operator)? {
        if var gemm = op as? GemmOp, gemm.activation == nil { gemm.activation = activation; return gemm }
        if var matmul = op as? MatMulOp, matmul.activation == nil { matmul.activation = activation; return matmul }
        if var conv = op as? ConvOp, conv.activation == nil { conv.activation = activation; return conv }
        if var deconv = op as? ConvTransposeOp, deconv.activation == nil { deconv.activation = activation; return deconv }
        return nil
    }
}
