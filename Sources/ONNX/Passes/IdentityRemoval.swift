/// Removes nodes that pass their input through: Identity, inference-time Dropout (when its mask is unused) and
/// Cast to the type the value already has.
enum IdentityRemoval {
    static func run(_ graph: inout Graph) {
        var index = 0
        while index < graph.nodes.count {
            let node = graph.nodes[index]
            guard isPassThrough(node, graph), let input = node.inputs.first, !input.isEmpty,
                  let output = node.outputs.first, !output.isEmpty else {
                index += 1
                continue
            }
            graph.nodes.remove(at: index)
            graph.replaceUses(of: output, with: input)
        }
    }

    private static func isPassThrough(_ node: TypedNode, _ graph: Graph) -> Bool {
        switch node.opType {
        case "Identity":
            return true
        case "Dropout":
            let maskUsed = node.outputs.count > 1 && !node.outputs[1].isEmpty
                && (graph.readerCounts()[node.outputs[1]] ?? 0) > 0
            // A training-mode input that is not a constant false could switch dropout on at run time.
            let trainingOff = node.inputs.count < 3 || node.inputs[2].isEmpty
                || graph.facts[node.inputs[2]]?.constant?.int64Values() == [0]
            return !maskUsed && trainingOff
        case "Cast":
            guard let op = node.op as? CastOp, let target = op.target, let input = node.inputs.first else { return false }
            return graph.facts[input]?.dtype == target
        default:
            return false
        }
    }
}
