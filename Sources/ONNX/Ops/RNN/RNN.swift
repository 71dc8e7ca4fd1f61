import Tensors

/// RNN: `H = f(X · Wᵀ + H · Rᵀ + Wb + Rb)`.
struct RNNOp: Operator {
    let attributes: RecurrentAttributes

    init(_ ctx: NodeContext) throws { attributes = try RecurrentAttributes(ctx, defaults: ["Tanh"]) }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let dtype = inputs.first?.dtype
        return [ValueFact(dtype: dtype, shape: nil), ValueFact(dtype: dtype, shape: nil)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let call = try RecurrentCall(inputs, attributes: attributes, gates: 1)
        let (seq, batch, h) = (call.seq, call.batch, call.hidden)
        let w = try inputs.required(1).toFloat32().floats!, r = try inputs.required(2).toFloat32().floats!
        let bias = inputs.optional(3)?.toFloat32().floats
        if let bias, bias.count != call.directions * 2 * h { throw KernelError("B must have \(call.directions * 2 * h) elements") }
        var hState = try call.initialState(inputs.optional(5), batchFirst: attributes.batchFirst)
        var ys: [[Float]] = []
        for d in 0..<call.directions {
            let f = attributes.activations[d]
            let reverse = attributes.direction == .reverse || d == 1
            let xw = call.inputProjection(w, direction: d, gates: 1)
            var y = [Float](repeating: 0, count: seq * batch * h)
            var hPrev = hState[d]
            for s in 0..<seq {
                let hr = call.recurrentProjection(hPrev, r, direction: d, gates: 1)
                var hNext = hPrev
                for b in 0..<batch where s < call.lengths[b] {
                    let t = call.time(s, batchEntry: b, reverse: reverse)
                    for j in 0..<h {
                        var v = xw[(t * batch + b) * h + j] + hr[b * h + j]
                        if let bias { v += bias[d * 2 * h + j] + bias[d * 2 * h + h + j] }
                        if let c = attributes.clip { v = min(max(v, -c), c) }
                        let hv = f(v)
                        hNext[b * h + j] = hv
                        y[(t * batch + b) * h + j] = hv
                    }
                }
                hPrev = hNext
            }
            ys.append(y)
            hState[d] = hPrev
        }
        return [try call.outputs(ys, batchFirst: attributes.batchFirst), try call.state(hState, batchFirst: attributes.batchFirst)]
    }
}

/// Registration of the recurrent operators.
enum RecurrentOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["LSTM"] = { try LSTMOp($0) }
        r["GRU"] = { try GRUOp($0) }
        r["RNN"] = { try RNNOp($0) }
    }
}
