import Tensors

/// Slice: `starts`, `ends`, `axes`, `steps` from inputs (opset 10 and later) or attributes (before 10), with
/// numpy's clamping of out-of-range bounds.
struct SliceOp: Operator {
    let attributes: (starts: [Int], ends: [Int], axes: [Int]?)?

    init(_ ctx: NodeContext) throws {
        if ctx.opset < 10 {
            guard let s = try ctx.ints("starts"), let e = try ctx.ints("ends") else {
                throw UnsupportedVariant("attributes 'starts' and 'ends' are missing")
            }
            attributes = (s, e, try ctx.ints("axes"))
        } else {
            attributes = nil
        }
    }

    /// Per-axis start, count and step for an input shape.
    struct Plan { var starts: [Int]; var counts: [Int]; var steps: [Int] }

    static func plan(shape: [Int], starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?) throws -> Plan {
        let rank = shape.count
        let axes = try (axes ?? Array(0..<starts.count)).map { try normalizeAxis($0, rank: rank) }
        let steps = steps ?? Array(repeating: 1, count: starts.count)
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count, Set(axes).count == axes.count else {
            throw KernelError("starts, ends, axes and steps must have one entry per sliced axis")
        }
        var plan = Plan(starts: Array(repeating: 0, count: rank), counts: shape, steps: Array(repeating: 1, count: rank))
        for (k, axis) in axes.enumerated() {
            let dim = shape[axis]
            guard dim >= 0 else { throw KernelError("cannot slice a dimension of size \(dim)") }
            guard steps[k] != 0 else { throw KernelError("slice step must not be 0") }
            // A step longer than the axis takes at most one element either way; clamping keeps the arithmetic small.
            let step = min(max(steps[k], -(dim + 1)), dim + 1)
            var s = starts[k], e = ends[k]
            if s < 0 { s += dim }
            if e < 0 { e += dim }
            if step > 0 {
                s = min(max(s, 0), dim); e = min(max(e, 0), dim)
            } else {
                s = min(max(s, 0), dim - 1); e = min(max(e, -1), dim - 1)
            }
            let count = step > 0 ? (e > s ? (e - s - 1) / step + 1 : 0) : (s > e ? (s - e - 1) / (-step) + 1 : 0)
            plan.starts[axis] = s; plan.counts[axis] = count; plan.steps[axis] = step
        }
        return plan
    }

    private func bounds(_ get: (Int) -> [Int]?) -> (starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?)? {
        if let attributes { return (attributes.starts, attributes.ends, attributes.axes, nil) }
        guard let s = get(1), let e = get(2) else { return nil }
        return (s, e, get(3), get(4))
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        let given = { (i: Int) -> [Int]? in i < inputs.count ? inputs[i].constantInts : nil }
        for i in 3..<5 where i < inputs.count && !inputs[i].isAbsent && inputs[i].constant == nil {
            return [ValueFact(dtype: x.dtype, shape: Array(repeating: .unknown, count: shape.count))]
        }
        guard let b = bounds(given) else { return [ValueFact(dtype: x.dtype, shape: Array(repeating: .unknown, count: shape.count))] }
        // Known dimensions get exact counts; a symbolic dimension survives when the slice keeps all of it.
        let probe = shape.map { $0.value ?? Int(Int32.max) }
        guard let plan = try? Self.plan(shape: probe, starts: b.starts, ends: b.ends, axes: b.axes, steps: b.steps) else {
            return [ValueFact(dtype: x.dtype, shape: nil)]
        }
        var out: [Dim] = []
        for (i, d) in shape.enumerated() {
            if d.value != nil { out.append(.known(plan.counts[i])) } else {
                out.append(plan.starts[i] == 0 && plan.steps[i] == 1 && plan.counts[i] == probe[i] ? d : .unknown)
            }
        }
        var fact = ValueFact(dtype: x.dtype, shape: out)
        if shape.count == 1, let dims = x.dims, let p = try? Self.plan(shape: [dims.count], starts: b.starts, ends: b.ends, axes: b.axes, steps: b.steps) {
            fact.symbolic = (0..<p.counts[0]).map { dims[p.starts[0] + $0 * p.steps[0]] }
        }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let values = inputs
        guard let b = bounds({ i in values.optional(i)?.int64Values().map { Int(clamping: $0) } }) else {
            throw KernelError("starts and ends are required")
        }
        let plan = try Self.plan(shape: x.shape, starts: b.starts, ends: b.ends, axes: b.axes, steps: b.steps)
        if plan.counts == x.shape && plan.steps.allSatisfy({ $0 == 1 }) { return [x] }
        let strides = contiguousStrides(x.shape)
        var offset = 0
        for i in 0..<x.rank { offset += plan.starts[i] * strides[i] }
        let indices = stridedIndices(shape: plan.counts, strides: (0..<x.rank).map { strides[$0] * plan.steps[$0] }, offset: offset)
        return [try Tensor(shape: plan.counts, storage: x.storage.gathered(indices))]
    }
}
