/// Drops nodes none of whose outputs are read (by a node or as a graph output), and constants nobody reads.
enum DeadNodeRemoval {
    static func run(_ graph: inout Graph) {
        var live = Set(graph.outputSources)
        var kept: [TypedNode] = []
        for node in graph.nodes.reversed() {
            guard node.outputs.contains(where: { live.contains($0) }) else { continue }
            kept.append(node)
            for input in node.inputs where !input.isEmpty { live.insert(input) }
        }
        graph.nodes = kept.reversed()
        graph.constants = graph.constants.filter { live.contains($0.key) }
        // Outputs nobody reads are marked empty so the plan does not keep them.
        for i in graph.nodes.indices {
            graph.nodes[i].outputs = graph.nodes[i].outputs.map { live.contains($0) ? $0 : "" }
        }
    }
}
