import Tensors

/// The new-shape rules of Reshape: 0 copies the input's dimension (unless `allowzero`), -1 takes what is left.
enum ReshapeRule {
    static func resolve(input: [Int], requested: [Int], allowZero: Bool) throws -> [Int] {
        var out = requested
        var inferred: Int? = nil
        for (i, d) in requested.enumerated() {
            if d == 0 && !allowZero {
                guard i < input.count else { throw KernelError("shape \(requested) copies dimension \(i) of an input of rank \(input.count)") }
                out[i] = input[i]
            } else if d == -1 {
                guard inferred == nil else { throw KernelError("shape \(requested) has more than one -1") }
                inferred = i
            } else if d < 0 {
                throw KernelError("shape \(requested) has a negative dimension")
            }
        }
        let total = input.reduce(1, *)
        if let i = inferred, total == 0 {
            // An empty batch: when another dimension already holds the zero, -1 stands for what the non-empty
            // dimensions leave ([0, 8, 4, 4] → [0, -1] is [0, 128]); otherwise -1 is the empty one.
            let others = out.enumerated().filter { $0.offset != i }.map(\.element)
            let have = input.filter { $0 != 0 }.reduce(1, *)
            let rest = others.filter { $0 != 0 }.reduce(1, *)
            out[i] = others.contains(0) && rest != 0 && have % rest == 0 ? have / rest : 0
        } else if let i = inferred {
            guard let rest = Tensor.elementCount(out.enumerated().filter { $0.offset != i }.map(\.element)),
                  rest != 0, total % rest == 0 else {
                throw KernelError("cannot reshape \(input) (\(total) elements) to \(requested)")
            }
            out[i] = total / rest
        }
        guard let n = Tensor.elementCount(out), n == total else {
            throw KernelError("cannot reshape \(input) (\(total) elements) to \(requested)")
        }
        return out
    }

    /// The same rules over symbolic dimensions.
    static func infer(input: [Dim]?, requested: [Dim], allowZero: Bool) -> [Dim] {
        var out = requested
        var inferred: Int? = nil
        for (i, d) in requested.enumerated() {
            if d == .known(0) && !allowZero {
                out[i] = input.flatMap { i < $0.count ? $0[i] : nil } ?? .unknown
            } else if d == .known(-1) {
                inferred = i
                out[i] = .unknown
            } else if let v = d.value, v < 0 {
                // Invalid (running the node throws); inference must not hand a negative size to later nodes.
                out[i] = .unknown
            }
        }
        if let i = inferred, let input, let total = Dim.concrete(input).flatMap(Tensor.elementCount) {
            let rest = out.enumerated().filter { $0.offset != i }.map(\.element)
            if let r = Dim.concrete(rest).flatMap(Tensor.elementCount), r != 0 { out[i] = .known(total / r) }
        } else if let i = inferred, let input {
            // [N, 64, 7, 7] → [N, -1]: cancel the dimensions both sides share.
            var remaining = input
            var others = out.enumerated().filter { $0.offset != i }.map(\.element)
            for d in others { if let k = remaining.firstIndex(of: d) { remaining.remove(at: k); others.removeAll { $0 == d } } }
            if others.isEmpty, let rest = Dim.concrete(remaining).flatMap(Tensor.elementCount) { out[i] = .known(rest) }
        }
        return out
    }
}

/// Reshape: the shape from input 1 (opset 5 and later) or the `shape` attribute (opset 1).
struct ReshapeOp: Operator {
    let allowZero: Bool
    let attributeShape: [Int]?

    init(_ ctx: NodeContext) throws {
        allowZero = try ctx.int("allowzero", default: 0) != 0
        attributeShape = ctx.opset < 5 ? try ctx.ints("shape") : nil
    }

    /// A Reshape to a fixed shape (the simplifier's replacement for shape arithmetic).
    init(allowZero: Bool) {
        self.allowZero = allowZero
        attributeShape = nil
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        let requested = attributeShape.map { Dim.shape($0) } ?? (inputs.count > 1 ? inputs[1].dims : nil)
        guard let requested else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        var fact = ValueFact(dtype: x.dtype, shape: ReshapeRule.infer(input: x.shape, requested: requested, allowZero: allowZero))
        if requested.count <= 1, let s = x.symbolic { fact.symbolic = s }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let requested = try attributeShape ?? inputs.required(1).int64Values().map { Int($0) }
        let x = try inputs.takeDonated(0) ?? inputs.required(0)
        let shape = try ReshapeRule.resolve(input: x.shape, requested: requested, allowZero: allowZero)
        return [try x.reshaped(shape)]
    }
}

/// Flatten: a matrix of `shape[..<axis]` rows.
struct FlattenOp: Operator {
    let axis: Int

    init(_ ctx: NodeContext) throws { axis = try ctx.int("axis", default: 1) }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape, let a = Self.axis(axis, rank: shape.count) else {
            return [ValueFact(dtype: x.dtype, shape: [.unknown, .unknown])]
        }
        return [ValueFact(dtype: x.dtype, shape: [Dim.product(shape[..<a]), Dim.product(shape[a...])])]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.takeDonated(0) ?? inputs.required(0)
        guard let a = Self.axis(axis, rank: x.rank) else { throw KernelError("axis \(axis) is out of range for rank \(x.rank)") }
        return [try x.reshaped([x.shape[..<a].reduce(1, *), x.shape[a...].reduce(1, *)])]
    }

    /// Flatten's axis may equal the rank (everything in the rows); negative axes count from the end.
    static func axis(_ axis: Int, rank: Int) -> Int? {
        let a = axis < 0 ? axis + rank : axis
        return a >= 0 && a <= rank ? a : nil
    }
}

/// Unsqueeze: inserts dimensions of extent 1 at `axes` (an attribute before opset 13, an input after).
struct UnsqueezeOp: Operator {
    let attributeAxes: [Int]?

    init(_ ctx: NodeContext) throws {
        attributeAxes = ctx.opset < 13 ? try ctx.ints("axes") ?? [] : nil
    }

    static func outputShape<T>(_ shape: [T], axes: [Int], one: T) throws -> [T] {
        let rank = shape.count + axes.count
        let normalized = try Set(axes.map { try normalizeAxis($0, rank: rank) })
        guard normalized.count == axes.count else { throw KernelError("axes \(axes) repeat an axis") }
        var out: [T] = []
        var it = shape.makeIterator()
        for i in 0..<rank { out.append(normalized.contains(i) ? one : it.next()!) }
        return out
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let axes = attributeAxes ?? (inputs.count > 1 ? inputs[1].constantInts : nil), let shape = x.shape else {
            return [ValueFact(dtype: x.dtype, shape: nil)]
        }
        var fact = ValueFact(dtype: x.dtype, shape: try Self.outputShape(shape, axes: axes, one: .known(1)))
        if let s = x.symbolic, shape.count <= 1 { fact.symbolic = s }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let axes = try attributeAxes ?? inputs.required(1).int64Values().map { Int($0) }
        let x = try inputs.takeDonated(0) ?? inputs.required(0)
        return [try x.reshaped(try Self.outputShape(x.shape, axes: axes, one: 1))]
    }
}

/// Squeeze: removes the given dimensions of extent 1, or every one when no axes are given.
struct SqueezeOp: Operator {
    let attributeAxes: [Int]?

    init(_ ctx: NodeContext) throws {
        attributeAxes = ctx.opset < 13 ? try ctx.ints("axes") : nil
    }

    private func axes(_ inputs: KernelInputs) -> [Int]? {
        attributeAxes ?? inputs.optional(1)?.int64Values().map { Int($0) }
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        let given = attributeAxes ?? (inputs.count > 1 ? inputs[1].constantInts : nil)
        if given == nil && inputs.count > 1 && !inputs[1].isAbsent && inputs[1].constant == nil {
            return [ValueFact(dtype: x.dtype, shape: nil)]
        }
        let drop: Set<Int>
        if let given {
            drop = Set(try given.map { try normalizeAxis($0, rank: shape.count) })
        } else {
            guard shape.allSatisfy({ $0.value != nil }) else { return [ValueFact(dtype: x.dtype, shape: nil)] }
            drop = Set(shape.indices.filter { shape[$0] == .known(1) })
        }
        var fact = ValueFact(dtype: x.dtype, shape: shape.indices.filter { !drop.contains($0) }.map { shape[$0] })
        if let s = x.symbolic { fact.symbolic = s }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let given = axes(inputs)
        let x = try inputs.takeDonated(0) ?? inputs.required(0)
        let shape = x.shape
        var drop = Set<Int>()
        if let given {
            for a in given {
                let n = try normalizeAxis(a, rank: shape.count)
                guard shape[n] == 1 else { throw KernelError("cannot squeeze dimension \(a) of extent \(shape[n])") }
                drop.insert(n)
            }
        } else {
            drop = Set(shape.indices.filter { shape[$0] == 1 })
        }
        return [try x.reshaped(shape.indices.filter { !drop.contains($0) }.map { shape[$0] })]
    }
}
