import Tensors

/// An operator node the interpreter cannot run, as listed in `ONNXError.unsupportedOperators`.
public struct UnsupportedNode: Sendable, Equatable, CustomStringConvertible {
    public var opType: String
    public var domain: String
    public var nodeName: String
    public var opset: Int
    /// Why, when the operator exists but this use of it does not (an attribute value, an element type).
    public var reason: String?

    public var description: String {
        let op = domain.isEmpty || domain == "ai.onnx" ? opType : "\(domain).\(opType)"
        var text = "unsupported ONNX operator '\(op)' (node '\(nodeName)', opset \(opset))"
        if let reason { text += ": \(reason)" }
        return text
    }
}

/// Everything that can go wrong loading or running a model because of the model file or the data given to it.
public enum ONNXError: UserInputError, Equatable {
    /// The file cannot be read or is not a valid ONNX model.
    case invalidModel(file: String, reason: String)
    /// A tensor lives in an external data file, which the interpreter refuses.
    case externalData(file: String, tensor: String, location: String)
    /// A tensor or value uses an element type that tensors cannot hold (float16, strings, ...).
    case unsupportedElementType(file: String, what: String, type: ElementType)
    /// One or more nodes use operators (or operator variants) the interpreter lacks.
    case unsupportedOperators(file: String, nodes: [UnsupportedNode])
    /// `run` was not given a value for a graph input.
    case missingInput(name: String, expected: [String])
    /// `run` was given a value for a name that is not a graph input.
    case unknownInput(name: String, expected: [String])
    /// A requested output name is not produced by the graph.
    case unknownOutput(name: String, available: [String])
    /// The data's element type does not fit the input.
    case inputType(name: String, expected: ElementType, actual: DType)
    /// The data's rank does not fit the input.
    case inputRank(name: String, expected: [Dim], actual: [Int])
    /// One dimension of the data does not fit the input.
    case inputDimension(name: String, dimension: Int, expected: Dim, actual: [Int], declared: [Dim])
    /// Two inputs disagree about the extent of a shared symbolic dimension.
    case inconsistentSymbol(symbol: String, first: Int, second: Int, input: String)
    /// A node failed while running (shapes that do not fit, values out of range).
    case nodeFailed(node: String, opType: String, reason: String)

    public var description: String {
        switch self {
        case .invalidModel(let file, let reason):
            return "\(file): not a valid ONNX model: \(reason)"
        case .externalData(let file, let tensor, let location):
            return "\(file): tensor '\(tensor)' is stored in an external data file ('\(location)'), which is not "
                + "supported; re-save the model with every tensor inside it (onnx.save(model, path, save_as_external_data=False))"
        case .unsupportedElementType(let file, let what, let type):
            return "\(file): \(what) has element type \(type), which is not supported "
                + "(supported: float32, float64, int64, int32, uint8, bool)"
        case .unsupportedOperators(let file, let nodes):
            let first = nodes.prefix(20).map(\.description).joined(separator: "; ")
            let more = nodes.count > 20 ? "; and \(nodes.count - 20) more" : ""
            return "\(file): \(first)\(more)"
        case .missingInput(let name, let expected):
            return "no value given for model input '\(name)' (the model's inputs are: \(expected.joined(separator: ", ")))"
        case .unknownInput(let name, let expected):
            return "the model has no input named '\(name)' (its inputs are: \(expected.joined(separator: ", ")))"
        case .unknownOutput(let name, let available):
            return "the model has no output named '\(name)' (its outputs are: \(available.joined(separator: ", ")))"
        case .inputType(let name, let expected, let actual):
            return "model input '\(name)' takes \(expected) but the data is \(actual.rawValue)"
        case .inputRank(let name, let expected, let actual):
            return "model input '\(name)' takes rank \(expected.count) \(Dim.describe(expected)) but the data has "
                + "rank \(actual.count) \(actual)"
        case .inputDimension(let name, let dimension, let expected, let actual, let declared):
            return "model input '\(name)' dimension \(dimension) must be \(expected) (input shape "
                + "\(Dim.describe(declared))) but the data has \(actual[dimension]) (data shape \(actual))"
        case .inconsistentSymbol(let symbol, let first, let second, let input):
            return "model input '\(input)' gives dimension '\(symbol)' the extent \(second) but an earlier input gave it \(first)"
        case .nodeFailed(let node, let opType, let reason):
            return "node '\(node)' (\(opType)) failed: \(reason)"
        }
    }
}

/// A failure inside an operator kernel; the plan wraps it into `ONNXError.nodeFailed` with the node's name.
struct KernelError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
