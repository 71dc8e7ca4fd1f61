import Tensors

/// Shape: the input's dimensions as int64 (`start`/`end` select a range from opset 15).
///
/// With a symbolic batch dimension the result is known symbolically (`[N, 64, 7, 7]`), which lets the simplifier
/// fold the `x.view(x.size(0), -1)` chains.
struct ShapeOp: Operator {
    let start: Int
    let end: Int?

    init(_ ctx: NodeContext) throws {
        start = try ctx.int("start", default: 0)
        end = try ctx.int("end")
    }

    private func range(rank: Int) -> Range<Int> {
        func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + rank : v, 0), rank) }
        let s = clamp(start), e = clamp(end ?? rank)
        return s..<max(s, e)
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        guard let shape = inputs.first?.shape else { return [ValueFact(dtype: .int64, shape: [.unknown])] }
        let dims = Array(shape[range(rank: shape.count)])
        var fact = ValueFact(dtype: .int64, shape: [.known(dims.count)], symbolic: dims)
        if let values = Dim.concrete(dims) { fact.constant = try Tensor(shape: [values.count], int64s: values.map(Int64.init)) }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let shape = try inputs.required(0).shape
        let dims = shape[range(rank: shape.count)].map(Int64.init)
        return [try Tensor(shape: [dims.count], int64s: dims)]
    }
}

/// Size: the input's element count as an int64 scalar.
struct SizeOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        var fact = ValueFact(dtype: .int64, shape: [])
        if let shape = inputs.first?.shape { fact.symbolic = [Dim.product(shape)] }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        [try Tensor(shape: [], int64s: [Int64(try inputs.required(0).count)])]
    }
}
