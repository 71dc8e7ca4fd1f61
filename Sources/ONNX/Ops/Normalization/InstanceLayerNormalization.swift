import Tensors

/// InstanceNormalization: each (sample, channel) plane normalised by its own mean and variance, then scaled per
/// channel.
struct InstanceNormalizationOp: Operator {
    let epsilon: Float

    init(_ ctx: NodeContext) throws { epsilon = try ctx.float("epsilon", default: 1e-5) }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { sameAsInput(inputs) }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0), scale = try inputs.required(1).floatValues(), bias = try inputs.required(2).floatValues()
        guard x.rank >= 3 else { throw KernelError("input must be N×C×…, got shape \(x.shape)") }
        let batch = x.shape[0], channels = x.shape[1], spatial = x.shape[2...].reduce(1, *)
        guard scale.count == channels, bias.count == channels else { throw KernelError("scale and bias must have \(channels) elements") }
        var values = x.floatValues()
        for n in 0..<batch {
            for c in 0..<channels {
                let base = (n * channels + c) * spatial
                let (mean, inv) = Moments.meanAndInverseStd(values, base, spatial, epsilon)
                for i in 0..<spatial { values[base + i] = (values[base + i] - mean) * inv * scale[c] + bias[c] }
            }
        }
        return [try Conversion.cast(Tensor(shape: x.shape, floats: values), to: x.dtype)]
    }
}

/// LayerNormalization (opset 17): normalises over the dimensions from `axis` on, then applies Scale and B broadcast
/// to them; optional outputs Mean and InvStdDev keep the normalised dimensions as 1.
struct LayerNormalizationOp: Operator {
    let axis: Int
    let epsilon: Float

    init(_ ctx: NodeContext) throws {
        axis = try ctx.int("axis", default: -1)
        epsilon = try ctx.float("epsilon", default: 1e-5)
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape, let a = try? normalizeAxis(axis, rank: shape.count) else {
            return [ValueFact(dtype: x.dtype, shape: x.shape), .unknown, .unknown]
        }
        let stat = Array(shape[..<a]) + Array(repeating: Dim.known(1), count: shape.count - a)
        return [ValueFact(dtype: x.dtype, shape: shape), ValueFact(dtype: .float32, shape: stat), ValueFact(dtype: .float32, shape: stat)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let a = try normalizeAxis(axis, rank: x.rank)
        let outer = x.shape[..<a].reduce(1, *), length = x.shape[a...].reduce(1, *)
        let normShape = Array(x.shape[a...])
        func expand(_ t: Tensor?, _ fallback: Float) throws -> [Float] {
            guard let t else { return [Float](repeating: fallback, count: length) }
            let target = try Broadcast.shape(t.shape, normShape)
            guard target == normShape else { throw KernelError("Scale/B \(t.shape) cannot be broadcast to \(normShape)") }
            if t.count == length { return t.floatValues() }
            let spread = t.toFloat32().storage.gathered(ExpandOp.broadcastIndices(from: t.shape, to: normShape))
            guard case .float32(let values) = spread else { return [] }
            return values
        }
        let scale = try expand(inputs.required(1), 1), bias = try expand(inputs.optional(2), 0)
        var values = x.floatValues()
        var means = [Float](repeating: 0, count: outer), invs = means
        for o in 0..<outer {
            let base = o * length
            let (mean, inv) = Moments.meanAndInverseStd(values, base, length, epsilon)
            means[o] = mean; invs[o] = inv
            for i in 0..<length { values[base + i] = (values[base + i] - mean) * inv * scale[i] + bias[i] }
        }
        let statShape = Array(x.shape[..<a]) + Array(repeating: 1, count: x.rank - a)
        return [try Conversion.cast(Tensor(shape: x.shape, floats: values), to: x.dtype),
                try Tensor(shape: statShape, floats: means), try Tensor(shape: statShape, floats: invs)]
    }
}

/// Mean and 1/√(variance + ε) of a run of values, accumulated in double precision.
enum Moments {
    static func meanAndInverseStd(_ v: [Float], _ start: Int, _ count: Int, _ epsilon: Float) -> (Float, Float) {
        guard count > 0 else { return (0, 1 / epsilon.squareRoot()) }
        var s = 0.0
        for i in 0..<count { s += Double(v[start + i]) }
        let mean = s / Double(count)
        var ss = 0.0
        for i in 0..<count { let d = Double(v[start + i]) - mean; ss += d * d }
        let variance = ss / Double(count)
        return (Float(mean), Float(1 / (variance + Double(epsilon)).squareRoot()))
    }
}
