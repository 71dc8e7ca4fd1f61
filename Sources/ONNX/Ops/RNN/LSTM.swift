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
        var ys: [[Float]] = []
        let full = call.lengths.allSatisfy { $0 == seq }
        for d in 0..<call.directions {
            let direction = LSTMKernel.Direction(
                seq: seq, batch: batch, hidden: h, index: d, reverse: attributes.direction == .reverse || d == 1,
                f: attributes.activations[d * 3], g: attributes.activations[d * 3 + 1], h: attributes.activations[d * 3 + 2],
                clip: attributes.clip, inputForget: inputForget)
            let xw = call.inputProjection(w, direction: d, gates: 4)
            if full && peep == nil {
                ys.append(LSTMKernel.fast(direction, xw: xw, r: r, bias: bias, hState: &hState[d], cState: &cState[d],
                                          workers: Linalg.threads))
            } else {
                ys.append(LSTMKernel.reference(direction, xw: xw, r: r, bias: bias, peep: peep, lengths: call.lengths,
                                               hState: &hState[d], cState: &cState[d]))
            }
        }
        return [try call.outputs(ys, batchFirst: attributes.batchFirst),
                try call.state(hState, batchFirst: attributes.batchFirst),
                try call.state(cState, batchFirst: attributes.batchFirst)]
    }
}
