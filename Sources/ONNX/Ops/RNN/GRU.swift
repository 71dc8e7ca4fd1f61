import Tensors

/// GRU (opsets 7 and 14): gates in z, r, h order, `linear_before_reset`, `clip`, sequence lengths, forward, reverse
/// or bidirectional, either layout.
struct GRUOp: Operator {
    let attributes: RecurrentAttributes
    let linearBeforeReset: Bool

    init(_ ctx: NodeContext) throws {
        attributes = try RecurrentAttributes(ctx, defaults: ["Sigmoid", "Tanh"])
        linearBeforeReset = try ctx.int("linear_before_reset", default: 0) != 0
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let dtype = inputs.first?.dtype
        return [ValueFact(dtype: dtype, shape: nil), ValueFact(dtype: dtype, shape: nil)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let call = try RecurrentCall(inputs, attributes: attributes, gates: 3)
        let (seq, batch, h) = (call.seq, call.batch, call.hidden)
        let w = try inputs.required(1).toFloat32().floats!, r = try inputs.required(2).toFloat32().floats!
        let bias = inputs.optional(3)?.toFloat32().floats
        if let bias, bias.count != call.directions * 6 * h { throw KernelError("B must have \(call.directions * 6 * h) elements") }
        var hState = try call.initialState(inputs.optional(5), batchFirst: attributes.batchFirst)
        let clip = attributes.clip
        var ys: [[Float]] = []
        for d in 0..<call.directions {
            let f = attributes.activations[d * 2], g = attributes.activations[d * 2 + 1]
            let reverse = attributes.direction == .reverse || d == 1
            let xw = call.inputProjection(w, direction: d, gates: 3)
            let rh = Array(r[(d * 3 * h * h + 2 * h * h)..<(d * 3 * h * h + 3 * h * h)])  // R_h: [h, h]
            var y = [Float](repeating: 0, count: seq * batch * h)
            var hPrev = hState[d]
            for s in 0..<seq {
                let hr = call.recurrentProjection(hPrev, r, direction: d, gates: 3)
                var hNext = hPrev
                for b in 0..<batch where s < call.lengths[b] {
                    let t = call.time(s, batchEntry: b, reverse: reverse)
                    func wb(_ gate: Int, _ j: Int) -> Float { bias.map { $0[d * 6 * h + gate * h + j] } ?? 0 }
                    func rb(_ gate: Int, _ j: Int) -> Float { bias.map { $0[d * 6 * h + 3 * h + gate * h + j] } ?? 0 }
                    func x(_ gate: Int, _ j: Int) -> Float { xw[(t * batch + b) * 3 * h + gate * h + j] }
                    func clipped(_ v: Float) -> Float { clip.map { min(max(v, -$0), $0) } ?? v }
                    var z = [Float](repeating: 0, count: h), rg = z
                    for j in 0..<h {
                        z[j] = f(clipped(x(0, j) + hr[b * 3 * h + j] + wb(0, j) + rb(0, j)))
                        rg[j] = f(clipped(x(1, j) + hr[b * 3 * h + h + j] + wb(1, j) + rb(1, j)))
                    }
                    for j in 0..<h {
                        let candidatePre: Float
                        if linearBeforeReset {
                            candidatePre = x(2, j) + rg[j] * (hr[b * 3 * h + 2 * h + j] + rb(2, j)) + wb(2, j)
                        } else {
                            // (r ⊙ H) · R_hᵀ
                            var acc: Float = 0
                            for k in 0..<h { acc += rg[k] * hPrev[b * h + k] * rh[j * h + k] }
                            candidatePre = x(2, j) + acc + rb(2, j) + wb(2, j)
                        }
                        let cand = g(clipped(candidatePre))
                        let hv = (1 - z[j]) * cand + z[j] * hPrev[b * h + j]
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
