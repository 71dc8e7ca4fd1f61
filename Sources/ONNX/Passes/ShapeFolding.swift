import Tensors

/// Folds the shape arithmetic exporters emit for `x.view(x.size(0), -1)` and `Unflatten`:
/// `Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1]))` has the symbolic shape `[N, -1]`, and since `N` is
/// x's own dimension 0 it becomes `Reshape(x, [0, -1])`; the Shape/Gather/Unsqueeze/Concat chain then has no
/// readers and dead-node removal drops it.
enum ShapeFolding {
    static func run(_ graph: inout Graph) {
        for i in graph.nodes.indices {
            let node = graph.nodes[i]
            guard node.opType == "Reshape", let op = node.op as? ReshapeOp, op.attributeShape == nil, !op.allowZero,
                  node.inputs.count >= 2, graph.facts[node.inputs[1]]?.constant == nil,
                  let requested = graph.facts[node.inputs[1]]?.symbolic,
                  let inputShape = graph.facts[node.inputs[0]]?.shape else { continue }
            var values: [Int64] = []
            var wildcard = requested.contains(.known(-1))
            var ok = true
            for (k, d) in requested.enumerated() {
                switch d {
                case .known(let v):
                    values.append(Int64(v))
                case .symbol:
                    if k < inputShape.count && inputShape[k] == d {
                        values.append(0)  // copy the input's dimension
                    } else if !wildcard {
                        values.append(-1)
                        wildcard = true
                    } else {
                        ok = false
                    }
                case .unknown:
                    if !wildcard { values.append(-1); wildcard = true } else { ok = false }
                }
            }
            guard ok, let shape = try? Tensor(shape: [values.count], int64s: values) else { continue }
            let name = "\(node.name):folded_shape"
            graph.constants[name] = shape
            graph.facts[name] = ValueFact(constant: shape)
            graph.nodes[i].inputs[1] = name
        }
    }
}
