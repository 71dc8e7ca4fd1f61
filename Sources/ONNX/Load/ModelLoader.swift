import Foundation
import ONNXProto
import SwiftProtobuf
import Tensors

/// Reads an ONNX file into a `LoadedModel`: protobuf decoding, tensors, value infos, checks of references.
enum ModelLoader {
    /// Reads and decodes a model file.
    static func load(_ url: URL) throws(ONNXError) -> LoadedModel {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot be read" : "no such file"
            throw .invalidModel(file: url.path, reason: reason)
        }
        return try decode(data, source: url.path)
    }

    /// Decodes the bytes of a model file; `source` names it in messages.
    static func decode(_ data: Data, source: String) throws(ONNXError) -> LoadedModel {
        func fail(_ reason: String) -> ONNXError { .invalidModel(file: source, reason: reason) }
        guard !data.isEmpty else { throw fail("the file is empty") }
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: data)
        } catch let error as BinaryDecodingError {
            throw fail(describe(error))
        } catch {
            throw fail("cannot decode the protobuf message (\(error))")
        }
        guard proto.hasGraph, proto.irVersion > 0 else {
            throw fail("the file holds no model graph (is it an ONNX model file?)")
        }
        var opsets: [String: Int] = [:]
        for imp in proto.opsetImport {
            let domain = imp.domain == "ai.onnx" ? "" : imp.domain
            opsets[domain] = Int(clamping: imp.version)
        }
        if opsets[""] == nil {
            // IR version 3 and later must import the default domain; older files implicitly used opset 1.
            guard proto.irVersion < 3 else { throw fail("the model imports no version of the default ONNX opset") }
            opsets[""] = 1
        }
        var metadata: [String: String] = [:]
        for entry in proto.metadataProps { metadata[entry.key] = entry.value }
        let producer = [proto.producerName, proto.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")

        let graph = proto.graph
        var initializers: [String: Tensor] = [:]
        for t in graph.initializer {
            guard !t.name.isEmpty else { throw fail("an initializer has no name") }
            initializers[t.name] = try tensor(t, what: "initializer '\(t.name)'", source: source)
        }
        if let sparse = graph.sparseInitializer.first {
            throw fail("sparse initializer '\(sparse.values.name)' is not supported")
        }
        let functions = FunctionInliner(functions: proto.functions, opsets: opsets)
        var nodes: [NodeDef] = []
        var usedNames = Set<String>()
        for (index, node) in graph.node.enumerated() {
            for (inlined, imports) in try functions.expand(node, opsets: opsets, source: source) {
                var n = try nodeDef(inlined, index: index, opsets: imports, source: source)
                if n.name.isEmpty || usedNames.contains(n.name) { n.name = "\(n.opType)_\(nodes.count)" }
                usedNames.insert(n.name)
                nodes.append(n)
            }
        }
        var inputs: [ValueInfo] = []
        for vi in graph.input where initializers[vi.name] == nil {
            inputs.append(try valueInfo(vi, source: source))
        }
        let outputs = try graph.output.map { vi throws(ONNXError) in try valueInfo(vi, source: source) }
        var valueInfos: [String: ValueInfo] = [:]
        for vi in graph.valueInfo where vi.type.value != nil {
            if let info = try? valueInfo(vi, source: source) { valueInfos[vi.name] = info }
        }
        let model = LoadedModel(source: source, irVersion: Int(clamping: proto.irVersion), producer: producer,
                                opsetImports: opsets, metadata: metadata, nodes: nodes, initializers: initializers,
                                inputs: inputs, outputs: outputs, valueInfos: valueInfos)
        try checkReferences(model)
        return model
    }

    // MARK: - Pieces

    /// Decodes a tensor, turning failures into errors that name the file and tensor.
    static func tensor(_ proto: Onnx_TensorProto, what: String, source: String) throws(ONNXError) -> Tensor {
        do {
            return try TensorDecoding.decode(proto)
        } catch {
            switch error {
            case .invalid(let reason): throw .invalidModel(file: source, reason: reason)
            case .external(let location): throw .externalData(file: source, tensor: proto.name, location: location)
            case .elementType(let type): throw .unsupportedElementType(file: source, what: what, type: type)
            }
        }
    }

    static func nodeDef(_ node: Onnx_NodeProto, index: Int, opsets: [String: Int], source: String) throws(ONNXError) -> NodeDef {
        let domain = node.domain == "ai.onnx" ? "" : node.domain
        guard !node.opType.isEmpty else {
            throw .invalidModel(file: source, reason: "node \(index) ('\(node.name)') has no operator type")
        }
        var attributes: [String: Attribute] = [:]
        for a in node.attribute {
            attributes[a.name] = try attribute(a, node: node.name, source: source)
        }
        return NodeDef(name: node.name, opType: node.opType, domain: domain, opset: opsets[domain] ?? 0,
                       inputs: node.input, outputs: node.output, attributes: attributes)
    }

    static func attribute(_ a: Onnx_AttributeProto, node: String, source: String) throws(ONNXError) -> Attribute {
        switch a.type {
        case .float: return .float(a.f)
        case .int: return .int(Int(clamping: a.i))
        case .string: return .string(String(decoding: a.s, as: UTF8.self))
        case .tensor: return .tensor(try tensor(a.t, what: "attribute '\(a.name)' of node '\(node)'", source: source))
        case .floats: return .floats(a.floats)
        case .ints: return .ints(a.ints.map { Int(clamping: $0) })
        case .strings: return .strings(a.strings.map { String(decoding: $0, as: UTF8.self) })
        case .undefined:
            // Files from old exporters omit the type; infer it from the field that is set.
            if !a.ints.isEmpty { return .ints(a.ints.map { Int(clamping: $0) }) }
            if !a.floats.isEmpty { return .floats(a.floats) }
            if a.hasT { return .tensor(try tensor(a.t, what: "attribute '\(a.name)' of node '\(node)'", source: source)) }
            if a.hasS { return .string(String(decoding: a.s, as: UTF8.self)) }
            if a.hasF { return .float(a.f) }
            if a.hasI { return .int(Int(clamping: a.i)) }
            return .other("undefined")
        default: return .other("\(a.type)")
        }
    }

    static func valueInfo(_ vi: Onnx_ValueInfoProto, source: String) throws(ONNXError) -> ValueInfo {
        guard case .tensorType(let tt)? = vi.type.value else {
            if vi.type.value == nil { return ValueInfo(name: vi.name, elementType: .undefined, shape: nil) }
            throw .invalidModel(file: source, reason: "value '\(vi.name)' is not a tensor (sequences, maps and optionals are not supported)")
        }
        var shape: [Dim]? = nil
        if tt.hasShape {
            shape = tt.shape.dim.map { d -> Dim in
                switch d.value {
                case .dimValue(let v)?: return v >= 0 && v <= Int64(Int32.max) ? .known(Int(v)) : .unknown
                case .dimParam(let p)?: return p.isEmpty ? .unknown : .symbol(p)
                case nil: return .unknown
                }
            }
        }
        return ValueInfo(name: vi.name, elementType: ElementType(code: Int(tt.elemType)), shape: shape)
    }

    /// Every node input and graph output must come from a graph input, an initializer or exactly one node.
    static func checkReferences(_ model: LoadedModel) throws(ONNXError) {
        func fail(_ reason: String) -> ONNXError { .invalidModel(file: model.source, reason: reason) }
        var defined = Set(model.initializers.keys)
        for input in model.inputs {
            guard !input.name.isEmpty else { throw fail("a graph input has no name") }
            guard defined.insert(input.name).inserted else { throw fail("graph input '\(input.name)' is declared twice") }
        }
        for node in model.nodes {
            for output in node.outputs where !output.isEmpty {
                guard defined.insert(output).inserted else {
                    throw fail("value '\(output)' is produced twice (by node '\(node.name)' and an earlier definition)")
                }
            }
        }
        for node in model.nodes {
            for input in node.inputs where !input.isEmpty && !defined.contains(input) {
                throw fail("node '\(node.name)' (\(node.opType)) reads '\(input)', which no node, initializer or "
                    + "graph input provides (a missing initializer?)")
            }
        }
        guard !model.outputs.isEmpty else { throw fail("the graph has no outputs") }
        for output in model.outputs where !defined.contains(output.name) {
            throw fail("graph output '\(output.name)' is not produced by any node")
        }
    }

    /// A one-line reason for a protobuf decoding failure.
    static func describe(_ error: BinaryDecodingError) -> String {
        switch error {
        case .truncated: return "the file is truncated (it ends in the middle of a field)"
        case .malformedProtobuf: return "the file is not a protobuf message (random or corrupted bytes?)"
        case .messageDepthLimit: return "the message nests too deeply"
        case .invalidUTF8: return "a text field is not valid UTF-8"
        default: return "cannot decode the protobuf message (\(error))"
        }
    }
}
