import Tensors

/// Registration of the activation operators, Clip, PRelu and the softmax family.
enum ActivationOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        func simple(_ a: Activation) -> OperatorBuilder { { _ in ActivationOp(activation: a) } }
        r["Relu"] = simple(.relu)
        r["Sigmoid"] = simple(.sigmoid)
        r["Tanh"] = simple(.tanh)
        r["Softplus"] = simple(.softplus)
        r["Softsign"] = simple(.softsign)
        r["HardSwish"] = simple(.hardSwish)
        r["Mish"] = simple(.mish)
        r["LeakyRelu"] = { ActivationOp(activation: .leakyRelu(alpha: try $0.float("alpha", default: 0.01))) }
        r["Elu"] = { ActivationOp(activation: .elu(alpha: try $0.float("alpha", default: 1))) }
        r["Celu"] = { ActivationOp(activation: .celu(alpha: try $0.float("alpha", default: 1))) }
        r["ThresholdedRelu"] = { ActivationOp(activation: .thresholdedRelu(alpha: try $0.float("alpha", default: 1))) }
        r["Selu"] = {
            ActivationOp(activation: .selu(alpha: try $0.float("alpha", default: 1.67326319217681884765625),
                                           gamma: try $0.float("gamma", default: 1.05070102214813232421875)))
        }
        r["HardSigmoid"] = {
            ActivationOp(activation: .hardSigmoid(alpha: try $0.float("alpha", default: 0.2),
                                                  beta: try $0.float("beta", default: 0.5)))
        }
        r["Gelu"] = { ctx in
            let approximate = try ctx.choice("approximate", default: "none", allowed: ["none", "tanh"])
            return ActivationOp(activation: approximate == "tanh" ? .geluTanh : .gelu)
        }
        r["Clip"] = { try ClipOp($0) }
        r["PRelu"] = { _ in PReluOp() }
        r["Softmax"] = { try SoftmaxOp($0, kind: .softmax) }
        r["LogSoftmax"] = { try SoftmaxOp($0, kind: .logSoftmax) }
        r["Hardmax"] = { try SoftmaxOp($0, kind: .hardmax) }
    }
}

/// Clip: bounds from attributes (before opset 11) or from optional scalar inputs (opset 11 and later).
struct ClipOp: Operator {
    /// Bounds from attributes, for opsets before 11.
    let attributeBounds: (min: Float, max: Float)?

    init(_ ctx: NodeContext) throws {
        attributeBounds = ctx.opset < 11
            ? (try ctx.float("min", default: -.greatestFiniteMagnitude), try ctx.float("max", default: .greatestFiniteMagnitude))
            : nil
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { sameAsInput(inputs) }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        func bound(_ i: Int) throws -> Tensor? {
            guard let t = inputs.optional(i) else { return nil }
            guard t.count == 1 else { throw KernelError("min and max must be scalars") }
            return t
        }
        let lo = try bound(1), hi = try bound(2)
        switch x.storage {
        case .float32:
            var l = lo?.floatValues()[0] ?? -.infinity, h = hi?.floatValues()[0] ?? .infinity
            if let a = attributeBounds { l = a.min; h = a.max }
            var op = ActivationOp(activation: .clip(min: l, max: h))
            return try op.runClip(&inputs)
        case .float64(let a):
            let l = lo?.doubles?[0] ?? attributeBounds.map { Double($0.min) } ?? -.infinity
            let h = hi?.doubles?[0] ?? attributeBounds.map { Double($0.max) } ?? .infinity
            return [try Tensor(shape: x.shape, doubles: a.map { let y = $0 < l ? l : $0; return y > h ? h : y })]
        case .int64(let a):
            let l = lo?.int64Values()[0] ?? .min, h = hi?.int64Values()[0] ?? .max
            return [try Tensor(shape: x.shape, int64s: a.map { Swift.min(Swift.max($0, l), h) })]
        case .int32(let a):
            let l = lo.map { Int32(truncatingIfNeeded: $0.int64Values()[0]) } ?? .min
            let h = hi.map { Int32(truncatingIfNeeded: $0.int64Values()[0]) } ?? .max
            return [try Tensor(shape: x.shape, int32s: a.map { Swift.min(Swift.max($0, l), h) })]
        case .uint8(let a):
            let l = lo.map { UInt8(truncatingIfNeeded: $0.int64Values()[0]) } ?? .min
            let h = hi.map { UInt8(truncatingIfNeeded: $0.int64Values()[0]) } ?? .max
            return [try Tensor(shape: x.shape, bytes: a.map { Swift.min(Swift.max($0, l), h) })]
        case .bool:
            throw KernelError("element type bool is not supported")
        }
    }
}

private extension ActivationOp {
    /// Runs only on input 0 (Clip's bounds are further inputs that the activation ignores).
    mutating func runClip(_ inputs: inout KernelInputs) throws -> [Tensor] {
        var only = KernelInputs([inputs.values[0]], donated: [inputs.donated[0]])
        inputs.values[0] = nil
        return try run(&only)
    }
}

/// PRelu: `x < 0 ? slope * x : x` with the slope broadcast to x.
struct PReluOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { sameAsInput(inputs) }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0), slope = try inputs.required(1)
        switch (x.storage, slope.storage) {
        case (.float32, .float32):
            return [try Elementwise.floats(&inputs) { $0 < 0 ? $0 * $1 : $0 }]
        case (.float64(let a), .float64(let s)):
            let r = try Elementwise.map(a, x.shape, s, slope.shape) { $0 < 0 ? $0 * $1 : $0 }
            return [try Tensor(shape: r.shape, doubles: r.values)]
        default:
            throw KernelError("element types \(x.dtype.rawValue) and \(slope.dtype.rawValue) are not supported")
        }
    }
}
