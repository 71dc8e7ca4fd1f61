import Tensors

/// What LSTM, GRU and RNN share: attributes (direction, hidden size, activations, clip, layout) and the handling
/// of sequence lengths, initial states and output layout.
struct RecurrentAttributes: Sendable {
    enum Direction: String, Sendable { case forward, reverse, bidirectional }
    var direction: Direction
    var hiddenSize: Int?
    var clip: Float?
    var batchFirst: Bool
    var activations: [Activation]

    /// Reads the attributes; `defaults` are the per-direction activation names (e.g. Sigmoid, Tanh, Tanh).
    init(_ ctx: NodeContext, defaults: [String]) throws {
        let d = try ctx.string("direction", default: "forward")
        guard let dir = Direction(rawValue: d) else { throw UnsupportedVariant("direction '\(d)' is not supported") }
        direction = dir
        hiddenSize = try ctx.int("hidden_size")
        clip = try ctx.float("clip")
        batchFirst = try ctx.int("layout", default: 0) != 0
        let count = dir == .bidirectional ? 2 : 1
        let names = try ctx.strings("activations") ?? Array(repeating: defaults, count: count).flatMap { $0 }
        let alphas = try ctx.floats("activation_alpha") ?? [], betas = try ctx.floats("activation_beta") ?? []
        guard names.count == defaults.count * count else {
            throw UnsupportedVariant("expected \(defaults.count * count) activations, got \(names.count)")
        }
        // activation_alpha/beta list values only for the activations that take them, in order.
        var ai = 0, bi = 0
        activations = try names.map { name in
            let lower = name.lowercased()
            let takesAlpha = ["affine", "leakyrelu", "thresholdedrelu", "scaledtanh", "hardsigmoid", "elu"].contains(lower)
            let takesBeta = ["affine", "scaledtanh", "hardsigmoid"].contains(lower)
            let alpha = takesAlpha && ai < alphas.count ? alphas[ai] : nil
            let beta = takesBeta && bi < betas.count ? betas[bi] : nil
            if takesAlpha && alpha != nil { ai += 1 }
            if takesBeta && beta != nil { bi += 1 }
            return try Activation.named(name, alpha: alpha, beta: beta)
        }
    }

    var directions: Int { direction == .bidirectional ? 2 : 1 }
}

/// Shapes and helpers for one recurrent call.
struct RecurrentCall {
    let seq: Int, batch: Int, inputSize: Int, hidden: Int, directions: Int
    /// X as [seq, batch, input] whatever the layout.
    let x: [Float]
    /// Valid steps per batch entry.
    let lengths: [Int]

    init(_ inputs: KernelInputs, attributes: RecurrentAttributes, gates: Int) throws {
        let xt = try inputs.required(0), w = try inputs.required(1)
        guard xt.rank == 3, w.rank == 3 else { throw KernelError("X must be rank 3 and W rank 3, got \(xt.shape) and \(w.shape)") }
        var xv = xt.toFloat32().floats!
        if attributes.batchFirst {
            let (b, s, i) = (xt.shape[0], xt.shape[1], xt.shape[2])
            xv = ExpandOp.transpose3(xv, b, s, i)
            (seq, batch, inputSize) = (s, b, i)
        } else {
            (seq, batch, inputSize) = (xt.shape[0], xt.shape[1], xt.shape[2])
        }
        x = xv
        directions = attributes.directions
        hidden = attributes.hiddenSize ?? w.shape[1] / gates
        guard w.shape == [directions, gates * hidden, inputSize] else {
            throw KernelError("W must have shape \([directions, gates * hidden, inputSize]), got \(w.shape)")
        }
        if let r = inputs.optional(2), r.shape != [directions, gates * hidden, hidden] {
            throw KernelError("R must have shape \([directions, gates * hidden, hidden]), got \(r.shape)")
        }
        if let lens = inputs.optional(4) {
            let l = lens.int64Values().map { Int($0) }
            let (count, steps) = (batch, seq)
            guard l.count == count, l.allSatisfy({ $0 >= 0 && $0 <= steps }) else {
                throw KernelError("sequence_lens must hold \(batch) lengths between 0 and \(seq)")
            }
            lengths = l
        } else {
            lengths = Array(repeating: seq, count: batch)
        }
    }

    /// An initial state input `[directions, batch, hidden]` (or batch-first) as [directions][batch × hidden].
    func initialState(_ t: Tensor?, batchFirst: Bool) throws -> [[Float]] {
        guard let t else { return Array(repeating: [Float](repeating: 0, count: batch * hidden), count: directions) }
        var v = t.toFloat32().floats!
        if batchFirst {
            guard t.shape == [batch, directions, hidden] else { throw KernelError("initial state must be \([batch, directions, hidden])") }
            v = ExpandOp.transpose3(v, batch, directions, hidden)
        } else {
            guard t.shape == [directions, batch, hidden] else { throw KernelError("initial state must be \([directions, batch, hidden])") }
        }
        return (0..<directions).map { Array(v[($0 * batch * hidden)..<(($0 + 1) * batch * hidden)]) }
    }

    /// `X · Wᵀ` for every step at once: [seq · batch, gates · hidden] for direction `d`.
    func inputProjection(_ w: [Float], direction d: Int, gates: Int) -> [Float] {
        let rows = seq * batch, cols = gates * hidden
        return uninitializedFloats(rows * cols) { o in
            x.withBase { px in
                w.withBase { pw in
                    Linalg.sgemm(transB: true, m: rows, n: cols, k: inputSize, a: px, lda: max(inputSize, 1),
                                 b: pw + d * cols * inputSize, ldb: max(inputSize, 1), c: o, ldc: max(cols, 1))
                }
            }
        }
    }

    /// `H · Rᵀ` for one step: [batch, gates · hidden].
    func recurrentProjection(_ h: [Float], _ r: [Float], direction d: Int, gates: Int) -> [Float] {
        let cols = gates * hidden
        return uninitializedFloats(batch * cols) { o in
            h.withBase { ph in
                r.withBase { pr in
                    Linalg.sgemm(transB: true, m: batch, n: cols, k: hidden, a: ph, lda: max(hidden, 1),
                                 b: pr + d * cols * hidden, ldb: max(hidden, 1), c: o, ldc: max(cols, 1))
                }
            }
        }
    }

    /// Y as [seq, directions, batch, hidden] (or [batch, seq, directions, hidden]) from per-direction step outputs.
    func outputs(_ perDirection: [[Float]], batchFirst: Bool) throws -> Tensor {
        var y = [Float](repeating: 0, count: seq * directions * batch * hidden)
        for d in 0..<directions {
            for t in 0..<seq { for b in 0..<batch { for j in 0..<hidden {
                let v = perDirection[d][(t * batch + b) * hidden + j]
                let index = batchFirst ? ((b * seq + t) * directions + d) * hidden + j : ((t * directions + d) * batch + b) * hidden + j
                y[index] = v
            } } }
        }
        return try Tensor(shape: batchFirst ? [batch, seq, directions, hidden] : [seq, directions, batch, hidden], floats: y)
    }

    /// A final state as [directions, batch, hidden] (or [batch, directions, hidden]).
    func state(_ perDirection: [[Float]], batchFirst: Bool) throws -> Tensor {
        let flat = perDirection.flatMap { $0 }
        if batchFirst {
            return try Tensor(shape: [batch, directions, hidden], floats: ExpandOp.transpose3(flat, directions, batch, hidden))
        }
        return try Tensor(shape: [directions, batch, hidden], floats: flat)
    }

    /// The time index of step `s` for a batch entry in a direction (reverse runs from its last valid step).
    func time(_ s: Int, batchEntry b: Int, reverse: Bool) -> Int { reverse ? lengths[b] - 1 - s : s }
}

extension ExpandOp {
    /// Swaps the first two axes of an [a, b, c] array.
    static func transpose3(_ v: [Float], _ a: Int, _ b: Int, _ c: Int) -> [Float] {
        var out = [Float](repeating: 0, count: v.count)
        for i in 0..<a { for j in 0..<b { for k in 0..<c { out[(j * a + i) * c + k] = v[(i * b + j) * c + k] } } }
        return out
    }
}
