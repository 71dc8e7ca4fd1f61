import Foundation
import Tensors

/// An ONNX model loaded, checked, simplified and planned: ready to run, any number of times, from any thread.
///
/// ```swift
/// let encoder = try ONNXModel.load(URL(fileURLWithPath: "encoder.onnx"))
/// let outputs = try encoder.run(["x": batch])      // [String: Tensor]
/// ```
public final class ONNXModel: Sendable {
    /// The inputs `run` needs: name, element type, shape (batch dimensions are symbols).
    public let inputs: [ValueInfo]
    /// The outputs `run` returns.
    public let outputs: [ValueInfo]
    /// What the file holds: producer, opsets, operator counts, parameter count.
    public let summary: ModelSummary
    let plan: ExecutionPlan

    init(_ loaded: LoadedModel) throws(ONNXError) {
        _ = AllocatorTuning.applied
        let typed = try TypedModel(loaded)
        let simplified = SimplifiedModel(typed)
        summary = ModelSummary(loaded, plannedNodeCount: simplified.graph.nodes.count)
        inputs = loaded.inputs
        // Outputs with what inference learned where the file is silent.
        outputs = loaded.outputs.map { info in
            var out = info
            let fact = typed.graph.facts[info.name]
            if out.shape == nil, let shape = fact?.shape { out.shape = shape }
            if out.elementType == .undefined, let dtype = fact?.dtype { out.elementType = ElementType(dtype) }
            return out
        }
        plan = ExecutionPlan(simplified)
    }

    /// Loads a model file; throws `ONNXError` (a `UserInputError`) for unreadable, invalid or unsupported models.
    public static func load(_ url: URL) throws(ONNXError) -> ONNXModel {
        try ONNXModel(ModelLoader.load(url))
    }

    /// Loads a model from the bytes of a file; `name` stands for the file in messages.
    public static func load(data: Data, name: String = "model.onnx") throws(ONNXError) -> ONNXModel {
        try ONNXModel(ModelLoader.decode(data, source: name))
    }

    /// Runs the model. Every input must be given; float64 data is converted for float32 inputs.
    ///
    /// - Returns: every graph output by name.
    /// - Throws: `ONNXError` when an input is missing, unknown or does not fit the declared type and shape
    ///   (naming the input and dimension), or when a node fails on the data.
    public func run(_ feeds: [String: Tensor]) throws(ONNXError) -> [String: Tensor] {
        try run(feeds, timing: nil)
    }

    /// One executed node's timing from `profile`.
    public struct StepTiming: Sendable {
        public var node: String
        public var op: String
        /// Wall time.
        public var seconds: Double
        /// CPU time of the whole process meanwhile (all threads).
        public var cpuSeconds: Double
    }

    /// Runs the model and reports each executed node's wall and CPU time, in order.
    public func profile(_ feeds: [String: Tensor]) throws(ONNXError) -> (outputs: [String: Tensor], steps: [StepTiming]) {
        var steps: [StepTiming] = []
        let outputs = try run(feeds) { steps.append(StepTiming(node: $0, op: $1, seconds: $2, cpuSeconds: $3)) }
        return (outputs, steps)
    }

    private func run(_ feeds: [String: Tensor], timing: ((String, String, Double, Double) -> Void)?) throws(ONNXError) -> [String: Tensor] {
        let names = inputs.map(\.name)
        for key in feeds.keys where !names.contains(key) {
            throw .unknownInput(name: key, expected: names)
        }
        var symbols: [String: Int] = [:]
        var values: [Tensor] = []
        values.reserveCapacity(inputs.count)
        for info in inputs {
            guard let given = feeds[info.name] else { throw .missingInput(name: info.name, expected: names) }
            values.append(try Self.check(given, against: info, symbols: &symbols))
        }
        let results = try plan.run(values, timing: timing)
        var out: [String: Tensor] = [:]
        for (info, value) in zip(outputs, results) { out[info.name] = value }
        return out
    }

    /// Runs a model with one input and returns its first output (or the named one).
    public func run(_ input: Tensor, output: String? = nil) throws(ONNXError) -> Tensor {
        guard inputs.count == 1 else { throw .missingInput(name: inputs.dropFirst().first?.name ?? "?", expected: inputs.map(\.name)) }
        let all = try run([inputs[0].name: input])
        let name = output ?? outputs[0].name
        guard let value = all[name] else { throw .unknownOutput(name: name, available: outputs.map(\.name)) }
        return value
    }

    /// Checks one input against its declaration; converts float64 to float32 where the model wants float32.
    static func check(_ value: Tensor, against info: ValueInfo, symbols: inout [String: Int]) throws(ONNXError) -> Tensor {
        var v = value
        if let want = info.dtype, want != v.dtype {
            guard want == .float32, v.dtype == .float64 else { throw .inputType(name: info.name, expected: info.elementType, actual: v.dtype) }
            v = v.toFloat32()
        } else if info.dtype == nil && info.elementType != .undefined {
            throw .inputType(name: info.name, expected: info.elementType, actual: v.dtype)
        }
        guard let declared = info.shape else { return v }
        guard declared.count == v.rank else { throw .inputRank(name: info.name, expected: declared, actual: v.shape) }
        for (i, d) in declared.enumerated() {
            let extent = v.shape[i]
            switch d {
            case .known(let k) where k != extent:
                throw .inputDimension(name: info.name, dimension: i, expected: d, actual: v.shape, declared: declared)
            case .symbol(let s):
                if let first = symbols[s], first != extent {
                    throw .inconsistentSymbol(symbol: s, first: first, second: extent, input: info.name)
                }
                symbols[s] = extent
            default:
                break
            }
        }
        return v
    }
}
