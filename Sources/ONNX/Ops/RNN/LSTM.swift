import Tensors

/// LSTM (opsets 7 and 14): gates in i, o, f, c order, optional peepholes, `input_forget`, `clip`, sequence lengths,
/// forward, reverse or bidirectional, either layout.
struct LSTMOp: Operator {
    let attributes: RecurrentAttributes
    let inputForget: Bool

    init(_ ctx: NodeContext) throws {
        attributes = try RecurrentAttributes(ctx, defaults: ["Sigmoid", "Tanh", "Tanh"])
        inputForget = try ctx.int("input_forget", default: 0) != 0
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let dtype = inputs.first?.dtype
        return [ValueFact(dtype: dtype, shape: nil), ValueFact(dtype: dtype, shape: nil), ValueFact(dtype: dtype, shape: nil)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let call = try RecurrentCall(inputs, attributes: attributes, gates: 4)
        let (seq, batch, h) = (call.seq, call.batch, call.hidden)
        let w = try inputs.required(1).toFloat32().floats!, r = try inputs.required(2).toFloat32().floats!
        let bias = inputs.optional(3)?.toFloat32().floats
        let peep = inputs.optional(7)?.toFloat32().floats
        if let bias, bias.count != call.directions * 8 * h { throw KernelError("B must have \(call.directions * 8 * h) elements") }
        if let peep, peep.count != call.directions * 3 * h { throw KernelError("P must have \(call.directions * 3 * h) elements") }
        var hState = try call.initialState(inputs.optional(5), batchFirst: attributes.batchFirst)
        var cState = try call.initialState(inputs.optional(6), batchFirst: attributes.batchFirst)
        let clip = attributes.clip
        var ys: [[Float]] = []
        for d in 0..<call.directions {
            let f = attributes.activations[d * 3], g = attributes.activations[d * 3 + 1], hAct = attributes.activations[d * 3 + 2]
            let reverse = attributes.direction == .reverse || d == 1
            let xw = call.inputProjection(w, direction: d, gates: 4)
            var y = [Float](repeating: 0, count: seq * batch * h)
            var hPrev = hState[d], cPrev = cState[d]
            for s in 0..<seq {
                let hr = call.recurrentProjection(hPrev, r, direction: d, gates: 4)
                var hNext = hPrev, cNext = cPrev
                for b in 0..<batch where s < call.lengths[b] {
                    let t = call.time(s, batchEntry: b, reverse: reverse)
                    func pre(_ gate: Int, _ j: Int) -> Float {
                        var v = xw[(t * batch + b) * 4 * h + gate * h + j] + hr[b * 4 * h + gate * h + j]
                        if let bias { v += bias[d * 8 * h + gate * h + j] + bias[d * 8 * h + 4 * h + gate * h + j] }
                        return v
                    }
                    func clipped(_ v: Float) -> Float { clip.map { min(max(v, -$0), $0) } ?? v }
                    for j in 0..<h {
                        let c0 = cPrev[b * h + j]
                        var iPre = pre(0, j), fPre = pre(2, j)
                        if let peep { iPre += peep[d * 3 * h + j] * c0; fPre += peep[d * 3 * h + 2 * h + j] * c0 }
                        let i = f(clipped(iPre))
                        let fg = inputForget ? 1 - i : f(clipped(fPre))
                        let cand = g(clipped(pre(3, j)))
                        let c = fg * c0 + i * cand
                        var oPre = pre(1, j)
                        if let peep { oPre += peep[d * 3 * h + h + j] * c }
                        let o = f(clipped(oPre))
                        let hv = o * hAct(c)
                        cNext[b * h + j] = c
                        hNext[b * h + j] = hv
                        y[(t * batch + b) * h + j] = hv
                    }
                }
                hPrev = hNext
                cPrev = cNext
            }
            ys.append(y)
            hState[d] = hPrev
            cState[d] = cPrev
        }
        return [try call.outputs(ys, batchFirst: attributes.batchFirst),
                try call.state(hState, batchFirst: attributes.batchFirst),
                try call.state(cState, batchFirst: attributes.batchFirst)]
    }
}
