import Tensors

/// Expand: broadcasts the input to a shape (numpy rules in both directions).
struct ExpandOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard inputs.count > 1, let target = inputs[1].dims else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        return [ValueFact(dtype: x.dtype, shape: Broadcast.dims([x.shape, target]))]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let target = try inputs.required(1).int64Values().map { Int($0) }
        guard target.allSatisfy({ $0 >= 0 }) else { throw KernelError("shape \(target) has a negative dimension") }
        let shape = try Broadcast.shape(x.shape, target)
        if shape == x.shape { return [x] }
        _ = try resultCount(shape)
        return [try Tensor(shape: shape, storage: x.storage.gathered(Self.broadcastIndices(from: x.shape, to: shape)))]
    }

    /// Source indices that repeat an input of `from` shape over the broadcast `to` shape.
    static func broadcastIndices(from: [Int], to: [Int]) -> [Int] {
        let strides = contiguousStrides(from)
        let pad = to.count - from.count
        let aligned = (0..<to.count).map { i -> Int in
            let j = i - pad
            return j < 0 || from[j] == 1 ? 0 : strides[j]
        }
        return stridedIndices(shape: to, strides: aligned)
    }
}

/// Tile: repeats the input `repeats[i]` times along each axis.
struct TileOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard inputs.count > 1, let shape = x.shape, let r = inputs[1].constantInts, r.count == shape.count else {
            return [ValueFact(dtype: x.dtype, shape: x.rank.map { Array(repeating: .unknown, count: $0) })]
        }
        return [ValueFact(dtype: x.dtype, shape: zip(shape, r).map { $0 * .known($1) })]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let repeats = try inputs.required(1).int64Values().map { Int($0) }
        guard repeats.count == x.rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw KernelError("repeats \(repeats) must give one non-negative count per axis of \(x.shape)")
        }
        var shape: [Int] = []
        for (d, r) in zip(x.shape, repeats) {
            let (product, overflow) = d.multipliedReportingOverflow(by: r)
            guard !overflow else { throw KernelError("repeats \(repeats) make the result too large") }
            shape.append(product)
        }
        let count = try resultCount(shape)
        let strides = contiguousStrides(x.shape)
        var indices = [Int](repeating: 0, count: count)
        var position = [Int](repeating: 0, count: shape.count)
        for n in 0..<count {
            var s = 0
            for d in 0..<shape.count { s += (position[d] % x.shape[d]) * strides[d] }
            indices[n] = s
            var d = shape.count - 1
            while d >= 0 { position[d] += 1; if position[d] < shape[d] { break }; position[d] = 0; d -= 1 }
        }
        return [try Tensor(shape: shape, storage: x.storage.gathered(indices))]
    }
}
