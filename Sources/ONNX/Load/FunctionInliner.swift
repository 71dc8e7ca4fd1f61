import ONNXProto
import Tensors

/// Replaces calls of model-local functions (`ModelProto.functions`) by the nodes of their bodies.
///
/// Exporters wrap submodules in functions; inlining them keeps every later stage working on plain operator nodes.
struct FunctionInliner {
    private struct Key: Hashable { var domain: String; var name: String; var overload: String }
    private let functions: [Key: Onnx_FunctionProto]
    private let modelOpsets: [String: Int]

    init(functions: [Onnx_FunctionProto], opsets: [String: Int]) {
        var table: [Key: Onnx_FunctionProto] = [:]
        for f in functions { table[Key(domain: f.domain, name: f.name, overload: f.overload)] = f }
        self.functions = table
        self.modelOpsets = opsets
    }

    /// The node itself when it calls no function, else its function's body with values and attributes substituted,
    /// each with the opset imports that apply to it.
    func expand(_ node: Onnx_NodeProto, opsets: [String: Int], source: String,
                depth: Int = 0) throws(ONNXError) -> [(Onnx_NodeProto, [String: Int])] {
        let key = Key(domain: node.domain, name: node.opType, overload: node.overload)
        guard let function = functions[key] else { return [(node, opsets)] }
        guard depth < 32 else {
            throw .invalidModel(file: source, reason: "function '\(function.name)' calls itself too deeply")
        }
        var imports = modelOpsets
        for imp in function.opsetImport { imports[imp.domain == "ai.onnx" ? "" : imp.domain] = Int(clamping: imp.version) }

        // Formal parameters to actual values; everything else gets a prefix unique to this call.
        let prefix = (node.name.isEmpty ? node.opType : node.name) + "/" + (node.output.first ?? "") + "/"
        var rename: [String: String] = [:]
        for (i, formal) in function.input.enumerated() { rename[formal] = i < node.input.count ? node.input[i] : "" }
        for (i, formal) in function.output.enumerated() where i < node.output.count { rename[formal] = node.output[i] }
        func mapped(_ name: String) -> String { name.isEmpty ? "" : rename[name] ?? prefix + name }

        var attributes: [String: Onnx_AttributeProto] = [:]
        for a in function.attributeProto { attributes[a.name] = a }
        for a in node.attribute { attributes[a.name] = a }

        var result: [(Onnx_NodeProto, [String: Int])] = []
        for var inner in function.node {
            inner.input = inner.input.map(mapped)
            inner.output = inner.output.map(mapped)
            inner.name = prefix + inner.name
            inner.attribute = inner.attribute.compactMap { a -> Onnx_AttributeProto? in
                guard !a.refAttrName.isEmpty else { return a }
                guard var actual = attributes[a.refAttrName] else { return nil }  // unset: the operator's default
                actual.name = a.name
                return actual
            }
            result += try expand(inner, opsets: imports, source: source, depth: depth + 1)
        }
        return result
    }
}
