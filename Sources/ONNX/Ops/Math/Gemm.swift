import Tensors

/// Gemm: `alpha · op(A) · op(B) + beta · C` with C broadcast to the output, plus an optional fused activation.
struct GemmOp: Operator {
    var alpha: Float
    var beta: Float
    var transA: Bool
    var transB: Bool
    /// An activation fused into the epilogue by the simplifier.
    var activation: Activation?

    init(_ ctx: NodeContext) throws {
        alpha = try ctx.float("alpha", default: 1)
        beta = try ctx.float("beta", default: 1)
        transA = try ctx.int("transA", default: 0) != 0
        transB = try ctx.int("transB", default: 0) != 0
        activation = nil
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        guard inputs.count >= 2, let a = inputs[0].shape, let b = inputs[1].shape, a.count == 2, b.count == 2 else {
            return [ValueFact(dtype: inputs.first?.dtype, shape: nil)]
        }
        return [ValueFact(dtype: inputs[0].dtype, shape: [transA ? a[1] : a[0], transB ? b[0] : b[1]])]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let a = try inputs.required(0), b = try inputs.required(1)
        let c = inputs.optional(2)
        guard a.rank == 2, b.rank == 2 else { throw KernelError("A and B must be matrices, got \(a.shape) and \(b.shape)") }
        let m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1]
        let kb = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
        guard k == kb else { throw KernelError("A \(a.shape) and B \(b.shape) do not fit (inner dimensions \(k) and \(kb))") }
        _ = try resultCount([m, n])
        if let c, beta != 0 {
            guard (try? Broadcast.shape(c.shape, [m, n])) == [m, n] else {
                throw KernelError("C \(c.shape) cannot be broadcast to the output [\(m), \(n)]")
            }
        }
        switch (a.storage, b.storage) {
        case (.float32(let x), .float32(let y)):
            let bias = beta != 0 ? c?.toFloat32() : nil
            let out = uninitializedFloats(m * n) { o in
                let productBeta = Epilogue.prefill(o, rows: m, columns: n, bias: bias, scale: beta)
                x.withBase { pa in
                    y.withBase { pb in
                        MatrixProduct.multiply(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                     a: pa, lda: max(a.shape[1], 1), b: pb, ldb: max(b.shape[1], 1),
                                     beta: productBeta, c: o, ldc: max(n, 1))
                    }
                }
                if m * n > 0 { activation?.apply(o, count: m * n) }
            }
            return [try Tensor(shape: [m, n], floats: out)]
        case (.float64(let x), .float64(let y)):
            var out = [Double](repeating: 0, count: m * n)
            if let c, beta != 0, let cv = c.doubles {
                let filled = try Elementwise.map(cv, c.shape, [Double](repeating: 0, count: m * n), [m, n]) { $0 + $1 }
                out = filled.values
            }
            let betaD = Double(beta)
            let hasC = c != nil && beta != 0
            x.withBase { pa in
                y.withBase { pb in
                    out.withMutableBase { po in
                        Linalg.dgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: Double(alpha),
                                     a: pa, lda: max(a.shape[1], 1), b: pb, ldb: max(b.shape[1], 1),
                                     beta: hasC ? betaD : 0, c: po, ldc: max(n, 1))
                    }
                }
            }
            if let activation { out = out.map { activation($0) } }
            return [try Tensor(shape: [m, n], doubles: out)]
        default:
            throw KernelError("element types \(a.dtype.rawValue) and \(b.dtype.rawValue) are not supported")
        }
    }
}

/// The passes around a matrix product: a bias broadcast to the rows×columns output (written before the product,
/// which then adds onto it) and an activation after it.
enum Epilogue {
    /// Fills the output with `scale · bias` broadcast to rows×columns; returns the beta the product should use
    /// (1 when a bias was written, 0 when there is none).
    static func prefill(_ o: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: Tensor?, scale: Float) -> Float {
        guard let bias, let values = bias.floats, rows * columns > 0 else { return 0 }
        values.withUnsafeBufferPointer { bp in
            let b = bp.baseAddress!
            let total = rows * columns
            if bias.count == 1 {
                o.update(repeating: scale * b[0], count: total)
            } else if bias.count == columns && (bias.shape.last ?? 1) == columns && columns != 1 {
                for r in 0..<rows {
                    let row = o + r * columns
                    if scale == 1 { row.update(from: b, count: columns) } else { for j in 0..<columns { row[j] = scale * b[j] } }
                }
            } else if bias.count == rows {
                for r in 0..<rows { (o + r * columns).update(repeating: scale * b[r], count: columns) }
            } else {
                for i in 0..<total { o[i] = scale * b[i] }
            }
        }
        return 1
    }

    /// Adds `scale · bias` (broadcast to rows×columns) and applies `activation`, in place.
    static func apply(_ o: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: Tensor?, scale: Float,
                      activation: Activation?) {
        let total = rows * columns
        guard total > 0 else { return }
        if let bias, let values = bias.floats {
            values.withUnsafeBufferPointer { bp in
                let b = bp.baseAddress!
                let shape = bias.shape
                let perColumn = bias.count == columns && (shape.last ?? 1) == columns && columns != 1 || (bias.count == 1)
                if bias.count == 1 {
                    let v = scale * b[0]
                    for i in 0..<total { o[i] += v }
                } else if perColumn {
                    for r in 0..<rows {
                        let row = o + r * columns
                        if scale == 1 {
                            for j in 0..<columns { row[j] += b[j] }
                        } else {
                            for j in 0..<columns { row[j] += scale * b[j] }
                        }
                    }
                } else if bias.count == rows {
                    // [rows, 1]
                    for r in 0..<rows {
                        let v = scale * b[r]
                        let row = o + r * columns
                        for j in 0..<columns { row[j] += v }
                    }
                } else {
                    // [rows, columns]
                    for i in 0..<total { o[i] += scale * b[i] }
                }
            }
        }
        activation?.apply(o, count: total)
    }
}
