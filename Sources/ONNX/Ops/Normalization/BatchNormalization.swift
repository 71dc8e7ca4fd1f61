import Tensors

/// BatchNormalization: `scale · (x − mean) / √(var + ε) + bias` per channel (axis 1), with running statistics at
/// inference; `training_mode = 1` (opset 14 and later) normalises with the batch's statistics and also returns the
/// updated running mean and variance.
struct BatchNormalizationOp: Operator {
    let epsilon: Float
    let momentum: Float
    let training: Bool

    init(_ ctx: NodeContext) throws {
        epsilon = try ctx.float("epsilon", default: 1e-5)
        momentum = try ctx.float("momentum", default: 0.9)
        training = try ctx.int("training_mode", default: 0) != 0
        if ctx.opset < 6 { throw UnsupportedVariant("opset \(ctx.opset) is not supported") }
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        let stat = ValueFact(dtype: x.dtype, shape: inputs.count > 3 ? inputs[3].shape : nil)
        return [ValueFact(dtype: x.dtype, shape: x.shape), stat, stat]
    }

    /// Per-channel multiplier and offset equivalent to the normalisation.
    static func affine(scale: [Float], bias: [Float], mean: [Float], variance: [Float], epsilon: Float) -> (a: [Float], b: [Float]) {
        var a = [Float](repeating: 0, count: scale.count), b = a
        for c in scale.indices {
            let inv = 1 / (variance[c] + epsilon).squareRoot()
            a[c] = scale[c] * inv
            b[c] = bias[c] - mean[c] * scale[c] * inv
        }
        return (a, b)
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        guard x.rank >= 2 else { throw KernelError("input must have a channel dimension, got shape \(x.shape)") }
        let channels = x.shape[1]
        let params = try (1...4).map { try inputs.required($0) }
        for p in params where p.count != channels {
            throw KernelError("scale, bias, mean and variance must have \(channels) elements (one per channel), got \(p.shape)")
        }
        let spatial = x.shape[2...].reduce(1, *), batch = x.shape[0]
        let scale = params[0].floatValues(), bias = params[1].floatValues()
        var mean = params[2].floatValues(), variance = params[3].floatValues()
        var extra: [Tensor] = []
        if training {
            let values = x.floatValues()
            var batchMean = [Float](repeating: 0, count: channels), batchVar = batchMean
            let n = Double(batch * spatial)
            for c in 0..<channels {
                var s = 0.0, ss = 0.0
                for b in 0..<batch {
                    let base = (b * channels + c) * spatial
                    for i in 0..<spatial { let v = Double(values[base + i]); s += v; ss += v * v }
                }
                let m = n > 0 ? s / n : 0
                batchMean[c] = Float(m)
                batchVar[c] = Float(n > 0 ? max(ss / n - m * m, 0) : 0)
            }
            let runningMean = (0..<channels).map { mean[$0] * momentum + batchMean[$0] * (1 - momentum) }
            let runningVar = (0..<channels).map { variance[$0] * momentum + batchVar[$0] * (1 - momentum) }
            extra = [try Conversion.cast(Tensor(shape: params[2].shape, floats: runningMean), to: x.dtype),
                     try Conversion.cast(Tensor(shape: params[3].shape, floats: runningVar), to: x.dtype)]
            mean = batchMean
            variance = batchVar
        }
        let (a, b) = Self.affine(scale: scale, bias: bias, mean: mean, variance: variance, epsilon: epsilon)
        switch x.storage {
        case .float32:
            var out = inputs.takeFloatBuffer(0, count: x.count) ?? x.floats!
            out.withUnsafeMutableBufferPointer { p in
                ChannelAffine.apply(p, batch: batch, channels: channels, spatial: spatial, a: a, b: b)
            }
            return [try Tensor(shape: x.shape, floats: out)] + extra
        case .float64(var out):
            for n in 0..<batch { for c in 0..<channels {
                let base = (n * channels + c) * spatial
                for i in 0..<spatial { out[base + i] = out[base + i] * Double(a[c]) + Double(b[c]) }
            } }
            return [try Tensor(shape: x.shape, doubles: out)] + extra
        default:
            throw KernelError("element type \(x.dtype.rawValue) is not supported")
        }
    }
}

/// `x · a[c] + b[c]` per channel of an NC… tensor, in place.
enum ChannelAffine {
    static func apply(_ p: UnsafeMutableBufferPointer<Float>, batch: Int, channels: Int, spatial: Int, a: [Float], b: [Float],
                      activation: Activation? = nil) {
        guard let base = p.baseAddress else { return }
        for n in 0..<batch {
            for c in 0..<channels {
                let row = base + (n * channels + c) * spatial
                let m = a[c], k = b[c]
                for i in 0..<spatial { row[i] = row[i] * m + k }
                activation?.apply(row, count: spatial)
            }
        }
    }
}
