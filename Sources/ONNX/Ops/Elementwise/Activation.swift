import Tensors

/// A pointwise activation function: an operator of its own, and an epilogue fused into Gemm, MatMul and Conv.
enum Activation: Sendable, Equatable {
    case relu
    case leakyRelu(alpha: Float)
    case elu(alpha: Float)
    case selu(alpha: Float, gamma: Float)
    case celu(alpha: Float)
    case sigmoid
    case hardSigmoid(alpha: Float, beta: Float)
    case hardSwish
    case tanh
    case softplus
    case softsign
    case gelu
    case geluTanh
    case mish
    case thresholdedRelu(alpha: Float)
    case clip(min: Float, max: Float)
    /// `alpha * x + beta` (an RNN activation).
    case affine(alpha: Float, beta: Float)
    /// `alpha * tanh(beta * x)` (an RNN activation).
    case scaledTanh(alpha: Float, beta: Float)
    /// `x * sigmoid(x)` (SiLU, swish): exporters write it as Sigmoid and Mul, which `PatternFusion` joins.
    case silu

    /// The function at one point; NaN stays NaN.
    @inline(__always)
    func callAsFunction<T: FloatElement>(_ x: T) -> T {
        switch self {
        case .relu: return x < 0 ? 0 : x
        case .leakyRelu(let a): return x < 0 ? T(a) * x : x
        case .elu(let a): return x < 0 ? T(a) * (T.exp(x) - 1) : x
        case .selu(let a, let g): return x <= 0 ? T(g) * (T(a) * T.exp(x) - T(a)) : T(g) * x
        case .celu(let a): return Swift.max(0, x) + Swift.min(0, T(a) * (T.exp(x / T(a)) - 1))
        case .sigmoid: return Activation.logistic(x)
        case .hardSigmoid(let a, let b): return Swift.max(0, Swift.min(1, T(a) * x + T(b)))
        case .hardSwish:
            let s = x / 6 + T(0.5)
            return x * (s < 0 ? 0 : (s > 1 ? 1 : s))
        case .tanh: return T.tanh(x)
        case .softplus: return x > 0 ? x + T.log1p(T.exp(-x)) : T.log1p(T.exp(x))
        case .softsign: return x / (1 + Swift.abs(x))
        case .gelu: return T(0.5) * x * (1 + T.erf(x * T(0.70710678118654752440)))
        case .geluTanh:
            let inner = T(0.79788456080286535588) * (x + T(0.044715) * x * x * x)
            return T(0.5) * x * (1 + T.tanh(inner))
        case .mish:
            let sp = x > 0 ? x + T.log1p(T.exp(-x)) : T.log1p(T.exp(x))
            return x * T.tanh(sp)
        case .thresholdedRelu(let a): return x > T(a) ? x : (x.isNaN ? x : 0)
        case .clip(let lo, let hi):
            let y = x < T(lo) ? T(lo) : x
            return y > T(hi) ? T(hi) : y
        case .affine(let a, let b): return T(a) * x + T(b)
        case .scaledTanh(let a, let b): return T(a) * T.tanh(T(b) * x)
        case .silu: return x * Activation.logistic(x)
        }
    }

    @inline(__always)
    static func logistic<T: FloatElement>(_ x: T) -> T {
        // exp of a non-positive argument never overflows.
        if x >= 0 { return 1 / (1 + T.exp(-x)) }
        let e = T.exp(x)
        return e / (1 + e)
    }

    /// Applies the function in place.
    func apply(_ p: UnsafeMutablePointer<Float>, count n: Int) { copy(p, to: p, count: n) }

    /// Writes the function of `count` values at `src` plus `offset` (a channel's bias) to `dst` (which may be
    /// `src`): the common cases eight lanes at a time (`VectorExp`; plain loops here stay scalar), the rest one
    /// value at a time.
    func copy(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count n: Int, adding offset: Float = 0) {
        switch self {
        case .relu:
            VectorExp.rectify(src, to: dst, count: n, adding: offset, slope: 0)
        case .leakyRelu(let a):
            VectorExp.rectify(src, to: dst, count: n, adding: offset, slope: a)
        case .sigmoid:
            VectorExp.map(src, to: dst, count: n) { VectorExp.logistic($0 + offset) }
        case .tanh:
            VectorExp.map(src, to: dst, count: n) { VectorExp.tanh($0 + offset) }
        case .silu:
            VectorExp.map(src, to: dst, count: n) { v in let x = v + offset; return x * VectorExp.logistic(x) }
        case .clip(let lo, let hi):
            for i in 0..<n { let x = src[i] + offset; let y = x < lo ? lo : x; dst[i] = y > hi ? hi : y }
        case .hardSigmoid(let a, let b):
            for i in 0..<n { let y = a * (src[i] + offset) + b; dst[i] = y < 0 ? 0 : (y > 1 ? 1 : y) }
        case .hardSwish:
            for i in 0..<n { let x = src[i] + offset; let s = x / 6 + 0.5; dst[i] = x * (s < 0 ? 0 : (s > 1 ? 1 : s)) }
        default:
            for i in 0..<n { dst[i] = self(src[i] + offset) }
        }
    }

    /// Reads an RNN activation by its ONNX name with its optional alpha and beta.
    static func named(_ name: String, alpha: Float?, beta: Float?) throws -> Activation {
        switch name.lowercased() {
        case "relu": return .relu
        case "tanh": return .tanh
        case "sigmoid": return .sigmoid
        case "affine": return .affine(alpha: alpha ?? 1, beta: beta ?? 0)
        case "leakyrelu": return .leakyRelu(alpha: alpha ?? 0.01)
        case "thresholdedrelu": return .thresholdedRelu(alpha: alpha ?? 1)
        case "scaledtanh": return .scaledTanh(alpha: alpha ?? 1, beta: beta ?? 1)
        case "hardsigmoid": return .hardSigmoid(alpha: alpha ?? 0.2, beta: beta ?? 0.5)
        case "elu": return .elu(alpha: alpha ?? 1)
        case "softsign": return .softsign
        case "softplus": return .softplus
        default: throw UnsupportedVariant("activation '\(name)' is not supported")
        }
    }
}

/// Relu, LeakyRelu, Elu, Selu, Celu, Sigmoid, HardSigmoid, HardSwish, Tanh, Softplus, Softsign, Gelu, Mish,
/// ThresholdedRelu: one pointwise activation, in place when its input is donated.
struct ActivationOp: Operator {
    let activation: Activation

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { sameAsInput(inputs) }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        switch x.storage {
        case .float32:
            let count = x.count, shape = x.shape
            var out = inputs.takeFloatBuffer(0, count: count) ?? x.floats!
            if count > 0 { out.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: count) } }
            return [try Tensor(shape: shape, floats: out)]
        case .float64(let a):
            let f = activation
            return [try Tensor(shape: x.shape, doubles: Elementwise.unary(a) { f($0) })]
        case .int64(let a) where activation == .relu:
            return [try Tensor(shape: x.shape, int64s: a.map { Swift.max(0, $0) })]
        case .int32(let a) where activation == .relu:
            return [try Tensor(shape: x.shape, int32s: a.map { Swift.max(0, $0) })]
        default:
            throw KernelError("element type \(x.dtype.rawValue) is not supported")
        }
    }
}
