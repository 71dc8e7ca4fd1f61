import Tensors

/// Transpose: permutes dimensions (reverses them when `perm` is absent).
struct TransposeOp: Operator {
    let perm: [Int]?

    init(_ ctx: NodeContext) throws { perm = try ctx.ints("perm") }

    private func permutation(rank: Int) throws -> [Int] {
        let p = perm ?? Array((0..<rank).reversed())
        guard p.count == rank, Set(p) == Set(0..<rank) else { throw KernelError("perm \(p) is not a permutation of \(rank) axes") }
        return p
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape, let p = try? permutation(rank: shape.count) else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        return [ValueFact(dtype: x.dtype, shape: p.map { shape[$0] })]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let p = try permutation(rank: x.rank)
        let shape = p.map { x.shape[$0] }
        if p == Array(0..<x.rank) { return [x] }
        let strides = contiguousStrides(x.shape)
        let indices = stridedIndices(shape: shape, strides: p.map { strides[$0] })
        return [try Tensor(shape: shape, storage: x.storage.gathered(indices))]
    }
}
