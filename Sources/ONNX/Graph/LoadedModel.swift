import Tensors

/// Stage 1: a model as the file describes it, decoded and checked for consistency but not yet understood.
///
/// Nodes keep their operator names and attributes; unknown operators are kept too (the next stage lists every
/// one it cannot build). Model-local functions are already inlined.
struct LoadedModel: Sendable {
    /// The file (or label) the model came from, for messages.
    var source: String
    var irVersion: Int
    /// `pytorch 2.15.0`, or "" when the file does not say.
    var producer: String
    /// Imported opset versions by domain ("" is the default ONNX domain).
    var opsetImports: [String: Int]
    var metadata: [String: String]
    /// Nodes in file order.
    var nodes: [NodeDef]
    /// Constant tensors by value name.
    var initializers: [String: Tensor]
    /// Graph inputs that are not initializers: what `run` must be given.
    var inputs: [ValueInfo]
    var outputs: [ValueInfo]
    /// Declared types of intermediate values.
    var valueInfos: [String: ValueInfo]

    /// The default-domain opset version.
    var opset: Int { opsetImports[""] ?? 0 }
}
