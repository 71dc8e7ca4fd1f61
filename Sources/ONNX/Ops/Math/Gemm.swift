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
