import Tensors

/// Constant: a value from one of the `value*` attributes.
struct ConstantOp: Operator {
    let value: Tensor

    init(_ ctx: NodeContext) throws {
        if let t = try ctx.tensor("value") {
            value = t
        } else if let f = try ctx.float("value_float"), !ctx.has("value_floats") {
            value = Tensor.scalar(f)
        } else if let fs = try ctx.floats("value_floats") {
            value = try Tensor(shape: [fs.count], floats: fs)
        } else if let i = try ctx.int("value_int"), !ctx.has("value_ints") {
            value = try Tensor(shape: [], int64s: [Int64(i)])
        } else if let ints = try ctx.ints("value_ints") {
            value = try Tensor(shape: [ints.count], int64s: ints.map(Int64.init))
        } else if ctx.has("value_string") || ctx.has("value_strings") {
            throw UnsupportedVariant("string constants are not supported")
        } else if ctx.has("sparse_value") {
            throw UnsupportedVariant("sparse constants are not supported")
        } else {
            throw UnsupportedVariant("the node has no value attribute")
        }
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { [ValueFact(constant: value)] }
    func run(_ inputs: inout KernelInputs) throws -> [Tensor] { [value] }
}

/// ConstantOfShape: a tensor of the shape given by input 0, filled with the one-element `value` attribute.
struct ConstantOfShapeOp: Operator {
    let fill: Tensor

    init(_ ctx: NodeContext) throws {
        let v = try ctx.tensor("value") ?? Tensor.scalar(0)
        guard v.count == 1 else { throw UnsupportedVariant("value must hold one element") }
        fill = v
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: fill.dtype, shape: inputs.first?.dims)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let shape = try inputs.required(0).int64Values().map { Int($0) }
        guard let count = Tensor.elementCount(shape) else { throw KernelError("invalid shape \(shape)") }
        return [try Tensor(shape: shape, storage: fill.storage.repeated(count))]
    }
}

/// Identity: its input, unchanged.
struct IdentityOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { [inputs.first ?? .unknown] }
    func run(_ inputs: inout KernelInputs) throws -> [Tensor] { [try inputs.required(0)] }
}

/// Dropout at inference: the input unchanged and, when asked for, a mask of all true.
struct DropoutOp: Operator {
    let legacyMask: Bool

    init(_ ctx: NodeContext) throws {
        legacyMask = ctx.opset < 10
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        return [ValueFact(dtype: x.dtype, shape: x.shape, symbolic: x.symbolic),
                ValueFact(dtype: legacyMask ? x.dtype : .bool, shape: x.shape)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        if let training = inputs.optional(2), training.count == 1, training.int64Values()[0] != 0 {
            let ratio = inputs.optional(1)?.floatValues().first ?? 0.5
            if ratio != 0 { throw KernelError("training mode (random dropout) is not supported") }
        }
        let mask: Tensor
        if legacyMask {
            mask = try Tensor(shape: x.shape, storage: Tensor.scalar(1).storage.repeated(x.count)).castIfNeeded(to: x.dtype)
        } else {
            mask = try Tensor(shape: x.shape, bools: Array(repeating: true, count: x.count))
        }
        return [x, mask]
    }
}

private extension Tensor {
    func castIfNeeded(to dtype: DType) throws -> Tensor { try Conversion.cast(self, to: dtype) }
}

/// Range: `start, start + delta, …` below `limit` (above it for a negative delta).
struct RangeOp: Operator {
    private static func double(_ t: Tensor) -> Double { t.dtype == .float64 ? t.doubles![0] : Double(t.floatValues()[0]) }

    /// The element count for a span of `steps` deltas, checked before it becomes an integer.
    private static func length(_ steps: Double) throws -> Int {
        let n = steps.rounded(.up)
        guard n.isFinite, n <= Double(maxResultElements) else { throw KernelError("the range is too long") }
        return max(0, Int(n))
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: inputs.first?.dtype, shape: [.unknown])]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let start = try inputs.required(0), limit = try inputs.required(1), delta = try inputs.required(2)
        guard start.count == 1, limit.count == 1, delta.count == 1 else { throw KernelError("start, limit and delta must be scalars") }
        switch start.storage {
        case .float32, .float64:
            let (s, l, d) = (Self.double(start), Self.double(limit), Self.double(delta))
            guard d != 0, s.isFinite, l.isFinite, d.isFinite else { throw KernelError("start, limit and delta must be finite, delta not 0") }
            let n = try Self.length((l - s) / d)
            if start.dtype == .float64 {
                return [try Tensor(shape: [n], doubles: (0..<n).map { s + Double($0) * d })]
            }
            let fs = Float(s), fd = Float(d)
            return [try Tensor(shape: [n], floats: (0..<n).map { fs + Float($0) * fd })]
        default:
            let s = start.int64Values()[0], l = limit.int64Values()[0], d = delta.int64Values()[0]
            guard d != 0 else { throw KernelError("delta must not be 0") }
            let n = try Self.length((Double(l) - Double(s)) / Double(d))
            let values = (0..<n).map { s &+ Int64($0) &* d }
            return [try Conversion.cast(Tensor(shape: [n], int64s: values), to: start.dtype)]
        }
    }
}
