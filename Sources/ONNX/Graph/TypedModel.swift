import Tensors

/// Stage 2: every node's operator built (or every unsupported node listed at once), nodes in topological order,
/// facts inferred for every value.
struct TypedModel: Sendable {
    var graph: Graph

    init(_ model: LoadedModel) throws(ONNXError) {
        var built: [TypedNode] = []
        var unsupported: [UnsupportedNode] = []
        for node in model.nodes {
            switch OperatorRegistry.build(node) {
            case .success(let op):
                built.append(TypedNode(name: node.name, opType: node.opType, inputs: node.inputs, outputs: node.outputs, op: op))
            case .failure(let u):
                unsupported.append(u.node)
            }
        }
        guard unsupported.isEmpty else { throw .unsupportedOperators(file: model.source, nodes: unsupported) }
        let ordered = try Self.topologicalOrder(built, available: Set(model.initializers.keys).union(model.inputs.map(\.name)),
                                                source: model.source)
        graph = Graph(source: model.source, nodes: ordered, constants: model.initializers, inputs: model.inputs,
                      outputs: model.outputs, outputSources: model.outputs.map(\.name), declared: model.valueInfos)
        graph.inferFacts()
    }

    /// Kahn's algorithm, keeping file order among ready nodes; a cycle is an invalid model.
    static func topologicalOrder(_ nodes: [TypedNode], available: Set<String>, source: String) throws(ONNXError) -> [TypedNode] {
        var producer: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { for o in n.outputs where !o.isEmpty { producer[o] = i } }
        var pending = [Int](repeating: 0, count: nodes.count)
        var consumers = [[Int]](repeating: [], count: nodes.count)
        for (i, n) in nodes.enumerated() {
            for input in Set(n.inputs) where !input.isEmpty && !available.contains(input) {
                if let p = producer[input] {
                    pending[i] += 1
                    consumers[p].append(i)
                }
            }
        }
        var ready = (0..<nodes.count).filter { pending[$0] == 0 }.reversed() as [Int]
        var order: [TypedNode] = []
        order.reserveCapacity(nodes.count)
        while let i = ready.popLast() {
            order.append(nodes[i])
            var released: [Int] = []
            for c in consumers[i] {
                pending[c] -= 1
                if pending[c] == 0 { released.append(c) }
            }
            // Keep file order: the smallest index is popped first.
            ready = (ready + released).sorted(by: >)
        }
        guard order.count == nodes.count else {
            let stuck = (0..<nodes.count).first { pending[$0] > 0 }.map { nodes[$0].name } ?? "?"
            throw .invalidModel(file: source, reason: "the graph has a cycle (through node '\(stuck)')")
        }
        return order
    }
}
