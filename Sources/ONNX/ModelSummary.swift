import Tensors

/// What a model file holds, for `latent info`: producer, opsets, inputs and outputs, operator counts, parameters.
public struct ModelSummary: Sendable, Equatable {
    /// `pytorch 2.15.0`, or "" when the file does not say.
    public var producer: String
    public var irVersion: Int
    /// The default-domain (ai.onnx) opset version.
    public var opset: Int
    /// Every imported opset: domain ("" for ai.onnx) and version, sorted by domain.
    public var opsetImports: [(domain: String, version: Int)]
    public var inputs: [ValueInfo]
    public var outputs: [ValueInfo]
    /// Nodes per operator type in the file (after inlining model-local functions), most frequent first.
    public var operatorCounts: [(op: String, count: Int)]
    /// Nodes in the file.
    public var nodeCount: Int
    /// Nodes left to run after simplification.
    public var plannedNodeCount: Int
    /// Elements in all initializers.
    public var parameterCount: Int

    init(_ loaded: LoadedModel, plannedNodeCount: Int) {
        producer = loaded.producer
        irVersion = loaded.irVersion
        opset = loaded.opset
        opsetImports = loaded.opsetImports.map { ($0.key, $0.value) }.sorted { $0.domain < $1.domain }
        inputs = loaded.inputs
        outputs = loaded.outputs
        var counts: [String: Int] = [:]
        for node in loaded.nodes { counts[node.domain.isEmpty ? node.opType : "\(node.domain).\(node.opType)", default: 0] += 1 }
        operatorCounts = counts.map { ($0.key, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.op < $1.op }
        nodeCount = loaded.nodes.count
        self.plannedNodeCount = plannedNodeCount
        parameterCount = loaded.initializers.values.reduce(0) { $0 + $1.count }
    }

    /// The summary as a few lines of text (for `latent info`): inputs, outputs, opset and producer, operator counts.
    public var lines: [String] {
        let domains = opsetImports.filter { !$0.domain.isEmpty }.map { "\($0.domain) \($0.version)" }
        let opsets = "opset \(opset)" + (domains.isEmpty ? "" : " + " + domains.joined(separator: ", "))
        return [
            "inputs   " + inputs.map(\.description).joined(separator: ", "),
            "outputs  " + outputs.map(\.description).joined(separator: ", "),
            opsets + (producer.isEmpty ? "" : ", from \(producer)") + ", \(parameterCount) parameters",
            "\(nodeCount) nodes (\(plannedNodeCount) after simplification): \(operatorList)",
        ]
    }

    /// `Gemm×3 Relu×2 Sigmoid×1`.
    public var operatorList: String {
        operatorCounts.map { "\($0.op)×\($0.count)" }.joined(separator: " ")
    }

    public static func == (a: ModelSummary, b: ModelSummary) -> Bool {
        a.producer == b.producer && a.irVersion == b.irVersion && a.opset == b.opset
            && a.opsetImports.map(\.domain) == b.opsetImports.map(\.domain)
            && a.opsetImports.map(\.version) == b.opsetImports.map(\.version)
            && a.inputs == b.inputs && a.outputs == b.outputs
            && a.operatorCounts.map(\.op) == b.operatorCounts.map(\.op)
            && a.operatorCounts.map(\.count) == b.operatorCounts.map(\.count)
            && a.nodeCount == b.nodeCount && a.plannedNodeCount == b.plannedNodeCount && a.parameterCount == b.parameterCount
    }
}
