import Tensors

/// The steps of one LSTM direction, given the input projection `X · Wᵀ` of every step ([seq · batch, 4 · hidden],
/// gates in i, o, f, c order). `reference` is the definition step by step and element by element, for every
/// variant (sequence lengths, peepholes); `fast` is the common case (every sequence full length, no peepholes):
/// per step one product with the recurrent weights added onto the step's input projection, then the gates as
/// whole rows.
enum LSTMKernel {
    /// What one direction needs besides the states.
    struct Direction {
        let seq: Int, batch: Int, hidden: Int
        /// The index of this direction in W, R, B and P.
        let index: Int
        let reverse: Bool
        /// Gate, cell and hidden activations (ONNX's f, g, h).
        let f: Activation, g: Activation, h: Activation
        let clip: Float?
        let inputForget: Bool
    }

    /// Runs the steps; returns Y as [seq, batch, hidden] and leaves the final states in `hState` and `cState`
    /// ([batch · hidden] each).
    static func reference(_ p: Direction, xw: [Float], r: [Float], bias: [Float]?, peep: [Float]?, lengths: [Int],
                          hState: inout [Float], cState: inout [Float]) -> [Float] {
        let (seq, batch, h, d) = (p.seq, p.batch, p.hidden, p.index)
        var y = [Float](repeating: 0, count: seq * batch * h)
        var hPrev = hState, cPrev = cState
        for s in 0..<seq {
            // H · Rᵀ for the step: [batch, 4 · hidden]
            var hr = [Float](repeating: 0, count: batch * 4 * h)
            hPrev.withBase { ph in
                r.withBase { pr in
                    hr.withMutableBase { po in
                        Linalg.sgemm(transB: true, m: batch, n: 4 * h, k: h, a: ph, lda: max(h, 1),
                                     b: pr + d * 4 * h * h, ldb: max(h, 1), c: po, ldc: max(4 * h, 1))
                    }
                }
            }
            var hNext = hPrev, cNext = cPrev
            for b in 0..<batch where s < lengths[b] {
                let t = p.reverse ? lengths[b] - 1 - s : s
                func pre(_ gate: Int, _ j: Int) -> Float {
                    var v = xw[(t * batch + b) * 4 * h + gate * h + j] + hr[b * 4 * h + gate * h + j]
                    if let bias { v += bias[d * 8 * h + gate * h + j] + bias[d * 8 * h + 4 * h + gate * h + j] }
                    return v
                }
                func clipped(_ v: Float) -> Float { p.clip.map { min(max(v, -$0), $0) } ?? v }
                for j in 0..<h {
                    let c0 = cPrev[b * h + j]
                    var iPre = pre(0, j), fPre = pre(2, j)
                    if let peep { iPre += peep[d * 3 * h + j] * c0; fPre += peep[d * 3 * h + 2 * h + j] * c0 }
                    let i = p.f(clipped(iPre))
                    let fg = p.inputForget ? 1 - i : p.f(clipped(fPre))
                    let cand = p.g(clipped(pre(3, j)))
                    let c = fg * c0 + i * cand
                    var oPre = pre(1, j)
                    if let peep { oPre += peep[d * 3 * h + h + j] * c }
                    let o = p.f(clipped(oPre))
                    let hv = o * p.h(c)
                    cNext[b * h + j] = c
                    hNext[b * h + j] = hv
                    y[(t * batch + b) * h + j] = hv
                }
            }
            hPrev = hNext
            cPrev = cNext
        }
        hState = hPrev
        cState = cPrev
        return y
    }

    /// The same for full-length sequences without peepholes. The batch entries are independent sequences: with
    /// `workers` > 1 they are split into that many parts run side by side, each with products on one OpenBLAS thread.
    static func fast(_ p: Direction, xw: [Float], r: [Float], bias: [Float]?,
                     hState: inout [Float], cState: inout [Float], workers: Int = 1) -> [Float] {
        let (seq, batch, h, d) = (p.seq, p.batch, p.hidden, p.index)
        let cols = 4 * h
        // W's and R's biases added once.
        let combined = bias.map { b in (0..<cols).map { b[d * 8 * h + $0] + b[d * 8 * h + cols + $0] } }
        let parts = max(1, min(workers, batch / 16))
        return uninitializedFloats(seq * batch * h) { py in
            guard batch > 0, h > 0 else { return }
            nonisolated(unsafe) let py = py
            xw.withBase { pxw in
                r.withBase { pr in
                    hState.withMutableBase { ph in
                        cState.withMutableBase { pc in
                            nonisolated(unsafe) let (pxw, pr, ph, pc) = (pxw, pr, ph, pc)
                            /// Batch entries `first ..< first + rows`, every step.
                            @Sendable func run(first: Int, rows: Int) {
                                withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * cols + h) { buffer in
                                    let pg = buffer.baseAddress!, scratch = pg + rows * cols
                                    let hRows = ph + first * h, cRows = pc + first * h
                                    for s in 0..<seq {
                                        let t = p.reverse ? seq - 1 - s : s
                                        // gates = X_t · Wᵀ + H · Rᵀ (biases added per row)
                                        pg.update(from: pxw + (t * batch + first) * cols, count: rows * cols)
                                        Linalg.sgemm(transB: true, m: rows, n: cols, k: h, a: hRows, lda: h,
                                                     b: pr + d * cols * h, ldb: h, beta: 1, c: pg, ldc: cols)
                                        for b in 0..<rows {
                                            step(p, gates: pg + b * cols, bias: combined, c: cRows + b * h, h: hRows + b * h,
                                                 y: py + (t * batch + first + b) * h, scratch: scratch)
                                        }
                                    }
                                }
                            }
                            if parts == 1 {
                                run(first: 0, rows: batch)
                                return
                            }
                            Linalg.singleThreaded {
                                Parallel.forEachChunk(count: batch, threads: parts) { _, range in
                                    run(first: range.lowerBound, rows: range.count)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One batch entry's step from its pre-activation gates (biases not yet added).
    @inline(__always)
    private static func step(_ p: Direction, gates row: UnsafeMutablePointer<Float>, bias: [Float]?,
                             c: UnsafeMutablePointer<Float>, h out: UnsafeMutablePointer<Float>,
                             y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let h = p.hidden, cols = 4 * h
        if let bias { bias.withBase { b in for j in 0..<cols { row[j] += b[j] } } }
        if let clip = p.clip { for j in 0..<cols { row[j] = min(max(row[j], -clip), clip) } }
        // i and o, then f (1 − i with input_forget), then the candidate.
        p.f.apply(row, count: 2 * h)
        if p.inputForget { for j in 0..<h { row[2 * h + j] = 1 - row[j] } } else { p.f.apply(row + 2 * h, count: h) }
        p.g.apply(row + 3 * h, count: h)
        for j in 0..<h { c[j] = row[2 * h + j] * c[j] + row[j] * row[3 * h + j] }
        scratch.update(from: c, count: h)
        p.h.apply(scratch, count: h)
        for j in 0..<h {
            let v = row[h + j] * scratch[j]
            out[j] = v
            y[j] = v
        }
    }
}
