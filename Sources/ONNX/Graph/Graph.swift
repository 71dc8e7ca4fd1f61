import Tensors

/// An operator node whose operator is built.
struct TypedNode: Sendable {
    var name: String
    var opType: String
    /// Input value names; "" for an omitted optional input.
    var inputs: [String]
    /// Output value names; "" for an output nobody reads.
    var outputs: [String]
    var op: any Operator
}

/// The graph the typed and simplified stages share: built operators in topological order, constants, the graph's
/// inputs and outputs, and what inference knows about every value.
struct Graph: Sendable {
    var source: String
    var nodes: [TypedNode]
    var constants: [String: Tensor]
    var inputs: [ValueInfo]
    var outputs: [ValueInfo]
    /// For each graph output, the value that holds it (an output can become another value's alias when the
    /// simplifier removes an Identity).
    var outputSources: [String]
    /// Declared types of intermediate values, used where inference knows less.
    var declared: [String: ValueInfo]
    var facts: [String: ValueFact] = [:]

    /// How many nodes read each value (graph outputs count as readers).
    func readerCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for node in nodes { for input in node.inputs where !input.isEmpty { counts[input, default: 0] += 1 } }
        for source in outputSources { counts[source, default: 0] += 1 }
        return counts
    }

    /// The node producing each value.
    func producers() -> [String: Int] {
        var table: [String: Int] = [:]
        for (i, node) in nodes.enumerated() { for output in node.outputs where !output.isEmpty { table[output] = i } }
        return table
    }

    /// Replaces every read of `old` (by nodes and graph outputs) with `new`.
    mutating func replaceUses(of old: String, with new: String) {
        for i in nodes.indices {
            for j in nodes[i].inputs.indices where nodes[i].inputs[j] == old { nodes[i].inputs[j] = new }
        }
        for j in outputSources.indices where outputSources[j] == old { outputSources[j] = new }
    }

    // MARK: - Inference

    /// Infers a fact for every value, in node order, folding nodes whose inputs are all constant by running them.
    ///
    /// Inference never fails: a node it cannot understand gets unknown outputs (the run reports real errors).
    mutating func inferFacts() {
        var facts: [String: ValueFact] = [:]
        for (name, t) in constants { facts[name] = ValueFact(constant: t) }
        for input in inputs {
            let shape = input.shape.map { dims in
                dims.enumerated().map { i, d -> Dim in d == .unknown ? .symbol("\(input.name):\(i)") : d }
            }
            facts[input.name] = ValueFact(dtype: input.dtype, shape: shape)
        }
        // Folded constants stay in memory while loading: the limits, against the file's own initializers, keep a
        // chain of nodes from multiplying a small file.
        var limits = FoldingLimits(initializerElements: constants.values.reduce(0) { $0 + $1.count })
        for node in nodes {
            let given = node.inputs.map { $0.isEmpty ? ValueFact.absent : facts[$0] ?? .unknown }
            let folded = Self.evaluate(node, given, limits: limits)
            if let folded { limits.total -= folded.reduce(0) { $0 + ($1.constant?.count ?? 0) } }
            var outputs = folded ?? ((try? node.op.infer(given)) ?? [])
            while outputs.count < node.outputs.count { outputs.append(.unknown) }
            for (k, name) in node.outputs.enumerated() where !name.isEmpty {
                facts[name] = merge(outputs[k], declared[name])
            }
        }
        self.facts = facts
    }

    /// Bounds on what constant folding may compute while loading, measured against the data the file holds (its
    /// initializers): a few bytes of ConstantOfShape, Expand, Tile or Range can ask for gigabytes, and a chain of
    /// nodes can copy a large constant many times; larger results are left to run time.
    struct FoldingLimits {
        /// The most elements one output may have: 2²⁰, or as many as the initializers hold together.
        var perOutput: Int
        /// The most elements all folded outputs may hold together: 2²² more than twice the initializers.
        var total: Int

        init(initializerElements n: Int) {
            perOutput = max(1 << 20, n)
            total = (1 << 22) + 2 * n
        }
    }

    /// Runs a node whose given inputs are all constants; nil when some input is not constant, when inference
    /// cannot bound its outputs' sizes within `limits`, or when the run fails.
    static func evaluate(_ node: TypedNode, _ given: [ValueFact], limits: FoldingLimits) -> [ValueFact]? {
        var values: [Tensor?] = []
        for fact in given {
            if fact.isAbsent { values.append(nil); continue }
            guard let c = fact.constant else { return nil }
            values.append(c)
        }
        guard let inferred = try? node.op.infer(given), !inferred.isEmpty else { return nil }
        var total = 0
        for (k, name) in node.outputs.enumerated() where !name.isEmpty {
            guard k < inferred.count, let dims = inferred[k].shape else { return nil }
            var shape: [Int] = []
            for d in dims {
                guard case .known(let n) = d else { return nil }
                shape.append(n)
            }
            guard let count = Tensor.elementCount(shape), count <= limits.perOutput else { return nil }
            total += count
        }
        guard total <= limits.total else { return nil }
        var inputs = KernelInputs(values)
        guard let outputs = try? node.op.run(&inputs) else { return nil }
        return outputs.map { ValueFact(constant: $0) }
    }

    /// An inferred fact completed with what the file declares.
    private func merge(_ fact: ValueFact, _ info: ValueInfo?) -> ValueFact {
        guard let info else { return fact }
        var f = fact
        if f.dtype == nil { f.dtype = info.dtype }
        if f.shape == nil {
            f.shape = info.shape
        } else if let declared = info.shape, var shape = f.shape, declared.count == shape.count {
            for i in shape.indices where shape[i] == .unknown { shape[i] = declared[i] }
            f.shape = shape
        }
        return f
    }
}
