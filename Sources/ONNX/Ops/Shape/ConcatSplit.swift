import Tensors

/// Concat: joins inputs along `axis`.
struct ConcatOp: Operator {
    let axis: Int

    init(_ ctx: NodeContext) throws {
        guard let a = try ctx.int("axis") else { throw UnsupportedVariant("attribute 'axis' is missing") }
        axis = a
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let dtype = inputs.first?.dtype
        let shapes = inputs.compactMap(\.shape)
        guard shapes.count == inputs.count, let first = shapes.first, let a = try? normalizeAxis(axis, rank: first.count) else {
            return [ValueFact(dtype: dtype, shape: inputs.first?.rank.map { Array(repeating: .unknown, count: $0) })]
        }
        var shape = first
        shape[a] = shapes.map { $0.count > a ? $0[a] : .unknown }.reduce(.known(0), +)
        for s in shapes.dropFirst() where s.count == first.count {
            for i in 0..<s.count where i != a {
                if case .known = s[i], case .known = shape[i] {} else if case .known = s[i] { shape[i] = s[i] }
            }
        }
        var fact = ValueFact(dtype: dtype, shape: shape)
        // Concatenated shapes: [x.size(0), -1].
        if first.count == 1 {
            var dims: [Dim] = []
            for f in inputs { guard let d = f.dims else { return [fact] }; dims += d }
            fact.symbolic = dims
        }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let parts = try (0..<inputs.count).map { try inputs.required($0) }
        guard let first = parts.first else { throw KernelError("no inputs") }
        let rank = first.rank
        guard rank >= 1 else { throw KernelError("scalars cannot be concatenated") }
        let a = try normalizeAxis(axis, rank: rank)
        var shape = first.shape
        shape[a] = 0
        for p in parts {
            guard p.rank == rank, p.dtype == first.dtype else {
                throw KernelError("inputs \(parts.map { "\($0.shape)" }.joined(separator: ", ")) cannot be concatenated along axis \(axis)")
            }
            for i in 0..<rank where i != a && p.shape[i] != first.shape[i] {
                throw KernelError("inputs \(parts.map { "\($0.shape)" }.joined(separator: ", ")) cannot be concatenated along axis \(axis)")
            }
            shape[a] += p.shape[a]
        }
        let outer = first.shape[..<a].reduce(1, *)
        let joined = concatenateStorages(parts.map(\.storage))!
        if outer == 1 { return [try Tensor(shape: shape, storage: joined)] }
        // Interleave the blocks: for each outer index, each input's block in turn.
        let blocks = parts.map { $0.shape[a...].reduce(1, *) }
        var bases: [Int] = []
        var acc = 0
        for p in parts { bases.append(acc); acc += p.count }
        var segments: [(start: Int, length: Int)] = []
        segments.reserveCapacity(outer * parts.count)
        for o in 0..<outer { for k in parts.indices { segments.append((bases[k] + o * blocks[k], blocks[k])) } }
        return [try Tensor(shape: shape, storage: joined.segments(segments))]
    }
}

/// Split: cuts the input along `axis` into parts whose sizes come from the `split` attribute (before opset 13), the
/// `split` input (13 and later), `num_outputs` (18 and later; the last part may be smaller) or equal shares.
struct SplitOp: Operator {
    let axis: Int
    let attributeSplit: [Int]?
    let outputs: Int
    let ceilShares: Bool

    init(_ ctx: NodeContext) throws {
        axis = try ctx.int("axis", default: 0)
        attributeSplit = ctx.opset < 13 ? try ctx.ints("split") : nil
        let n = try ctx.int("num_outputs")
        if let n, n < 1 || n > max(ctx.outputCount, 1) {
            throw UnsupportedVariant("num_outputs \(n) does not match the node's \(ctx.outputCount) outputs")
        }
        outputs = n ?? ctx.outputCount
        ceilShares = n != nil
    }

    private func sizes(extent: Int, given: [Int]?) throws -> [Int] {
        if let given {
            guard given.count == outputs, given.reduce(0, +) == extent, given.allSatisfy({ $0 >= 0 }) else {
                throw KernelError("split sizes \(given) do not add up to the extent \(extent) in \(outputs) parts")
            }
            return given
        }
        guard outputs > 0 else { throw KernelError("no outputs") }
        if ceilShares {
            let share = (extent + outputs - 1) / outputs
            return (0..<outputs).map { max(0, min(share, extent - $0 * share)) }
        }
        guard extent % outputs == 0 else { throw KernelError("extent \(extent) cannot be split into \(outputs) equal parts") }
        return Array(repeating: extent / outputs, count: outputs)
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        let unknown = Array(repeating: ValueFact(dtype: x.dtype, shape: x.rank.map { Array(repeating: .unknown, count: $0) }), count: outputs)
        guard let shape = x.shape, let a = try? normalizeAxis(axis, rank: shape.count), let extent = shape[a].value else { return unknown }
        let given = attributeSplit ?? (inputs.count > 1 ? inputs[1].constantInts : nil)
        if given == nil && inputs.count > 1 && !inputs[1].isAbsent { return unknown }
        guard let parts = try? sizes(extent: extent, given: given) else { return unknown }
        return parts.map { var s = shape; s[a] = .known($0); return ValueFact(dtype: x.dtype, shape: s) }
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        guard x.rank >= 1 else { throw KernelError("a scalar cannot be split") }
        let a = try normalizeAxis(axis, rank: x.rank)
        let given = attributeSplit ?? inputs.optional(1)?.int64Values().map { Int($0) }
        let parts = try sizes(extent: x.shape[a], given: given)
        let outer = x.shape[..<a].reduce(1, *), inner = x.shape[(a + 1)...].reduce(1, *)
        let row = x.shape[a] * inner
        var results: [Tensor] = []
        var offset = 0
        for size in parts {
            var shape = x.shape
            shape[a] = size
            let starts = (0..<outer).map { $0 * row + offset * inner }
            results.append(try Tensor(shape: shape, storage: x.storage.runs(starts: starts, length: size * inner)))
            offset += size
        }
        return results
    }
}
