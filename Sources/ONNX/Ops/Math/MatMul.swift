import Tensors

/// MatMul with numpy semantics (1-D operands promoted, batch dimensions broadcast), plus a bias and activation
/// fused in by the simplifier (`MatMul → Add → Relu` becomes one call per batch).
struct MatMulOp: Operator {
    /// A bias broadcast to the output's last dimension, fused from a following Add.
    var bias: Tensor?
    var activation: Activation?

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let dtype = inputs.first?.dtype
        guard inputs.count >= 2, var a = inputs[0].shape, var b = inputs[1].shape, !a.isEmpty, !b.isEmpty else {
            return [ValueFact(dtype: dtype, shape: nil)]
        }
        let aVector = a.count == 1, bVector = b.count == 1
        if aVector { a = [.known(1)] + a }
        if bVector { b = b + [.known(1)] }
        guard let batch = Broadcast.dims([Array(a.dropLast(2)), Array(b.dropLast(2))]) else {
            return [ValueFact(dtype: dtype, shape: nil)]
        }
        var shape = batch
        if !aVector { shape.append(a[a.count - 2]) }
        if !bVector { shape.append(b[b.count - 1]) }
        return [ValueFact(dtype: dtype, shape: shape)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let a = try inputs.required(0), b = try inputs.required(1)
        guard a.rank >= 1, b.rank >= 1 else { throw KernelError("MatMul operands must have rank 1 or more") }
        var aShape = a.shape, bShape = b.shape
        let aVector = aShape.count == 1, bVector = bShape.count == 1
        if aVector { aShape = [1] + aShape }
        if bVector { bShape = bShape + [1] }
        let m = aShape[aShape.count - 2], k = aShape[aShape.count - 1]
        let kb = bShape[bShape.count - 2], n = bShape[bShape.count - 1]
        guard k == kb else { throw KernelError("shapes \(a.shape) and \(b.shape) cannot be multiplied (\(k) ≠ \(kb))") }
        let aBatch = Array(aShape.dropLast(2)), bBatch = Array(bShape.dropLast(2))
        let batch = try Broadcast.shape(aBatch, bBatch)
        var outShape = batch
        if !aVector { outShape.append(m) }
        if !bVector { outShape.append(n) }
        let batchCount = batch.reduce(1, *)
        _ = try resultCount(outShape + (aVector ? [1] : []) + (bVector ? [1] : []))
        if let bias, bias.count != n { throw KernelError("the fused bias has \(bias.count) elements for \(n) columns") }

        switch (a.storage, b.storage) {
        case (.float32(let x), .float32(let y)):
            let out: [Float]
            if bBatch.allSatisfy({ $0 == 1 }) && aBatch == batch {
                // One product: the batch dimensions of A fold into its rows.
                let rows = batchCount * m
                out = uninitializedFloats(rows * n) { o in
                    let beta = Epilogue.prefill(o, rows: rows, columns: n, bias: bias, scale: 1)
                    x.withBase { pa in
                        y.withBase { pb in
                            MatrixProduct.multiply(m: rows, n: n, k: k, a: pa, lda: max(k, 1), b: pb, ldb: max(n, 1),
                                                   beta: beta, c: o, ldc: max(n, 1))
                        }
                    }
                    if rows * n > 0 { activation?.apply(o, count: rows * n) }
                }
            } else {
                let aIndex = try Self.batchOffsets(aBatch, batch), bIndex = try Self.batchOffsets(bBatch, batch)
                out = uninitializedFloats(batchCount * m * n) { o in
                    x.withBase { pa in
                        y.withBase { pb in
                            for i in 0..<batchCount {
                                MatrixProduct.multiply(m: m, n: n, k: k, a: pa + aIndex[i] * m * k, lda: max(k, 1),
                                             b: pb + bIndex[i] * k * n, ldb: max(n, 1), c: o + i * m * n, ldc: max(n, 1))
                            }
                        }
                    }
                    Epilogue.apply(o, rows: batchCount * m, columns: n, bias: bias, scale: 1, activation: activation)
                }
            }
            return [try Tensor(shape: outShape, floats: out)]
        case (.float64(let x), .float64(let y)):
            let aIndex = try Self.batchOffsets(aBatch, batch), bIndex = try Self.batchOffsets(bBatch, batch)
            var out = [Double](repeating: 0, count: batchCount * m * n)
            x.withBase { pa in
                y.withBase { pb in
                    out.withMutableBase { po in
                        for i in 0..<batchCount {
                            Linalg.dgemm(m: m, n: n, k: k, a: pa + aIndex[i] * m * k, lda: max(k, 1),
                                         b: pb + bIndex[i] * k * n, ldb: max(n, 1), c: po + i * m * n, ldc: max(n, 1))
                        }
                    }
                }
            }
            return [try Tensor(shape: outShape, doubles: out)]
        case (.int64(let x), .int64(let y)):
            return [try Tensor(shape: outShape, int64s: try Self.integerProduct(x, aBatch, y, bBatch, batch, m, k, n))]
        case (.int32(let x), .int32(let y)):
            return [try Tensor(shape: outShape, int32s: try Self.integerProduct(x, aBatch, y, bBatch, batch, m, k, n))]
        default:
            throw KernelError("element types \(a.dtype.rawValue) and \(b.dtype.rawValue) are not supported")
        }
    }

    /// For each index of the broadcast batch, the matching matrix index in an operand's own batch.
    static func batchOffsets(_ own: [Int], _ batch: [Int]) throws -> [Int] {
        let count = batch.reduce(1, *)
        let loop = try BroadcastLoop([own, batch])
        var offsets = [Int](repeating: 0, count: count)
        var index = 0
        loop.forEachRow { off, _ in
            let start = off[0]
            for j in 0..<loop.rowLength { offsets[index + j] = start + j * loop.rowStrides[0] }
            index += loop.rowLength
        }
        return offsets
    }

    /// A plain triple loop for integer operands (rare: shape arithmetic).
    static func integerProduct<T: FixedWidthInteger>(_ x: [T], _ aBatch: [Int], _ y: [T], _ bBatch: [Int], _ batch: [Int],
                                                     _ m: Int, _ k: Int, _ n: Int) throws -> [T] {
        let aIndex = try batchOffsets(aBatch, batch), bIndex = try batchOffsets(bBatch, batch)
        var out = [T](repeating: 0, count: aIndex.count * m * n)
        for bi in 0..<aIndex.count {
            let ao = aIndex[bi] * m * k, bo = bIndex[bi] * k * n, oo = bi * m * n
            for i in 0..<m { for j in 0..<n {
                var s: T = 0
                for p in 0..<k { s = s &+ x[ao + i * k + p] &* y[bo + p * n + j] }
                out[oo + i * n + j] = s
            } }
        }
        return out
    }
}
