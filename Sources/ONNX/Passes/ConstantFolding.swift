/// Replaces nodes whose outputs inference computed (every input constant) by those constants.
enum ConstantFolding {
    static func run(_ graph: inout Graph) {
        var kept: [TypedNode] = []
        for node in graph.nodes {
            let outputs = node.outputs.filter { !$0.isEmpty }
            let values = outputs.compactMap { graph.facts[$0]?.constant }
            // Nodes without outputs in use are left to dead-node removal.
            if !outputs.isEmpty && values.count == outputs.count {
                for (name, value) in zip(outputs, values) { graph.constants[name] = value }
            } else {
                kept.append(node)
            }
        }
        graph.nodes = kept
    }
}
