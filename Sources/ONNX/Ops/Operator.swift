import Tensors

/// A built operator: one node's attributes checked and decoded, ready to infer facts and run.
///
/// Operators are immutable values, shared by every concurrent run of the model.
protocol Operator: Sendable {
    /// Facts about the outputs from facts about the inputs (absent optional inputs are `.unknown` with no shape).
    ///
    /// Inference is best effort: unknown is always a valid answer. Constant inputs are folded by the caller,
    /// which runs the kernel, so this only needs to handle values that depend on the graph inputs.
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact]

    /// Computes the outputs from concrete inputs.
    func run(_ inputs: inout KernelInputs) throws -> [Tensor]
}

/// The concrete inputs of one kernel call.
///
/// An input is *donated* when this call is its last use: the kernel may take it and reuse its buffer for an output.
struct KernelInputs {
    var values: [Tensor?]
    var donated: [Bool]

    init(_ values: [Tensor?], donated: [Bool]? = nil) {
        self.values = values
        self.donated = donated ?? Array(repeating: false, count: values.count)
    }

    var count: Int { values.count }

    /// Input `i`, which the operator requires.
    func required(_ i: Int) throws -> Tensor {
        guard i < values.count, let v = values[i] else { throw KernelError("missing required input \(i)") }
        return v
    }

    /// Input `i` when given.
    func optional(_ i: Int) -> Tensor? { i < values.count ? values[i] : nil }

    /// Moves input `i` out when it was donated, so its storage is uniquely owned and can be overwritten.
    mutating func takeDonated(_ i: Int) -> Tensor? {
        guard i < values.count, donated[i], let v = values[i] else { return nil }
        values[i] = nil
        return v
    }

    /// The float32 elements of input `i` for reuse as an output buffer of `count` elements, when donated.
    mutating func takeFloatBuffer(_ i: Int, count: Int) -> [Float]? {
        guard i < values.count, donated[i], let v = values[i], v.dtype == .float32, v.count == count else { return nil }
        values[i] = nil
        return v.floats
    }
}

// MARK: - Inference helpers

extension Operator {
    /// Output facts that keep the first input's type and shape (elementwise unary operators).
    func sameAsInput(_ inputs: [ValueFact], outputs: Int = 1) -> [ValueFact] {
        let f = inputs.first ?? .unknown
        return Array(repeating: ValueFact(dtype: f.dtype, shape: f.shape), count: outputs)
    }
}

/// The most elements a kernel will allocate for one result (about 8 GB of float32).
let maxResultElements = Int(Int32.max)

/// The element count of a result shape a kernel is about to allocate; throws when it overflows or is too large.
func resultCount(_ shape: [Int]) throws -> Int {
    guard let n = Tensor.elementCount(shape), n <= maxResultElements else {
        throw KernelError("the result shape \(shape) is too large")
    }
    return n
}

/// Normalises a possibly negative axis for a tensor of `rank` dimensions.
func normalizeAxis(_ axis: Int, rank: Int) throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < rank else { throw KernelError("axis \(axis) is out of range for rank \(rank)") }
    return a
}
