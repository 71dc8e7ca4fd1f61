import Tensors

/// A node attribute value, decoded from `AttributeProto`.
enum Attribute: Sendable {
    case float(Float)
    case int(Int)
    case string(String)
    case tensor(Tensor)
    case floats([Float])
    case ints([Int])
    case strings([String])
    /// A kind the interpreter never reads (graphs, sparse tensors, type protos), kept by name for messages.
    case other(String)
}

/// One operator node of a loaded graph.
struct NodeDef: Sendable {
    /// The node's name (a generated one when the file leaves it empty).
    var name: String
    var opType: String
    /// The operator domain: "" for the default ONNX domain.
    var domain: String
    /// The opset version imported for this node's domain.
    var opset: Int
    /// Input value names; "" marks an omitted optional input.
    var inputs: [String]
    var outputs: [String]
    var attributes: [String: Attribute]
}
