import Tensors

/// Gather: picks slices of `data` along `axis` at `indices` (negative indices count from the end).
struct GatherOp: Operator {
    let axis: Int

    init(_ ctx: NodeContext) throws { axis = try ctx.int("axis", default: 0) }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        guard inputs.count == 2 else { return [.unknown] }
        let data = inputs[0], indices = inputs[1]
        guard let shape = data.shape, let ishape = indices.shape, let a = try? normalizeAxis(axis, rank: shape.count) else {
            return [ValueFact(dtype: data.dtype, shape: nil)]
        }
        var fact = ValueFact(dtype: data.dtype, shape: Array(shape[..<a]) + ishape + Array(shape[(a + 1)...]))
        // Picking from a shape: `x.size(0)` is Gather(Shape(x), 0).
        if a == 0, shape.count == 1, let dims = data.dims, let picks = indices.constantInts, ishape.count <= 1 {
            var out: [Dim] = []
            for p in picks {
                let i = p < 0 ? p + dims.count : p
                guard i >= 0, i < dims.count else { return [fact] }
                out.append(dims[i])
            }
            fact.symbolic = out
        }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let data = try inputs.required(0), indices = try inputs.required(1)
        guard data.rank >= 1 else { throw KernelError("data must have rank 1 or more") }
        let a = try normalizeAxis(axis, rank: data.rank)
        let extent = data.shape[a]
        let outer = data.shape[..<a].reduce(1, *), inner = data.shape[(a + 1)...].reduce(1, *)
        guard indices.dtype == .int64 || indices.dtype == .int32 else { throw KernelError("indices must be int64 or int32") }
        let picks = try indices.int64Values().map { v -> Int in
            let i = v < 0 ? Int(v) + extent : Int(v)
            guard i >= 0, i < extent else { throw KernelError("index \(v) is out of range for dimension \(a) of extent \(extent)") }
            return i
        }
        let shape = Array(data.shape[..<a]) + indices.shape + Array(data.shape[(a + 1)...])
        _ = try resultCount(shape)
        var starts: [Int] = []
        starts.reserveCapacity(outer * picks.count)
        for o in 0..<outer { for p in picks { starts.append((o * extent + p) * inner) } }
        return [try Tensor(shape: shape, storage: data.storage.runs(starts: starts, length: inner))]
    }
}

/// GatherElements: `out[i][j][k] = data[index[i][j][k]][j][k]` (for axis 0), indices shaped like the output.
struct GatherElementsOp: Operator {
    let axis: Int

    init(_ ctx: NodeContext) throws { axis = try ctx.int("axis", default: 0) }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: inputs.first?.dtype, shape: inputs.count > 1 ? inputs[1].shape : nil)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let data = try inputs.required(0), indices = try inputs.required(1)
        guard data.rank == indices.rank, data.rank >= 1 else { throw KernelError("data and indices must have the same rank") }
        let a = try normalizeAxis(axis, rank: data.rank)
        let dataStrides = contiguousStrides(data.shape)
        let shape = indices.shape
        let idx = indices.int64Values()
        var source = [Int](repeating: 0, count: idx.count)
        var position = [Int](repeating: 0, count: shape.count)
        for n in 0..<idx.count {
            var offset = 0
            for d in 0..<shape.count {
                var p = position[d]
                if d == a {
                    p = Int(idx[n]) < 0 ? Int(idx[n]) + data.shape[a] : Int(idx[n])
                    guard p >= 0, p < data.shape[a] else { throw KernelError("index \(idx[n]) is out of range") }
                } else if p >= data.shape[d] {
                    throw KernelError("indices \(shape) do not fit data \(data.shape)")
                }
                offset += p * dataStrides[d]
            }
            source[n] = offset
            var d = shape.count - 1
            while d >= 0 { position[d] += 1; if position[d] < shape[d] { break }; position[d] = 0; d -= 1 }
        }
        return [try Tensor(shape: shape, storage: data.storage.gathered(source))]
    }
}
