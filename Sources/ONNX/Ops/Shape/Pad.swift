import Tensors

/// Pad: constant, reflect, edge and wrap padding; negative pads crop. Pads come from an attribute before opset 11
/// and from inputs after (with `axes` from opset 18).
struct PadOp: Operator {
    enum Mode: String, Sendable { case constant, reflect, edge, wrap }
    let mode: Mode
    let attributePads: [Int]?
    let attributeValue: Float

    init(_ ctx: NodeContext) throws {
        let name = try ctx.string("mode", default: "constant")
        guard let m = Mode(rawValue: name) else { throw UnsupportedVariant("mode '\(name)' is not supported") }
        mode = m
        if ctx.opset < 11 {
            attributePads = try ctx.ints("pads") ?? ctx.ints("paddings")
            attributeValue = try ctx.float("value", default: 0)
        } else {
            attributePads = nil
            attributeValue = 0
        }
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        let axesGiven = inputs.count > 3 && !inputs[3].isAbsent
        guard let pads = attributePads ?? (inputs.count > 1 ? inputs[1].constantInts : nil), !axesGiven || inputs[3].constant != nil else {
            return [ValueFact(dtype: x.dtype, shape: Array(repeating: .unknown, count: shape.count))]
        }
        let axes = axesGiven ? inputs[3].constantInts : nil
        guard let full = try? Self.fullPads(pads, axes: axes, rank: shape.count) else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        // Dim arithmetic turns an overflow into an unknown size; a negative size (the run throws) is unknown too.
        let out = shape.enumerated().map { i, d -> Dim in
            let padded = d + .known(full[i]) + .known(full[i + shape.count])
            if let v = padded.value, v < 0 { return .unknown }
            return padded
        }
        return [ValueFact(dtype: x.dtype, shape: out)]
    }

    /// Begin and end pads for every axis.
    static func fullPads(_ pads: [Int], axes: [Int]?, rank: Int) throws -> [Int] {
        let axes = try (axes ?? Array(0..<rank)).map { try normalizeAxis($0, rank: rank) }
        guard pads.count == 2 * axes.count else { throw KernelError("pads \(pads) must have two entries per padded axis") }
        var full = Array(repeating: 0, count: 2 * rank)
        for (k, a) in axes.enumerated() { full[a] = pads[k]; full[a + rank] = pads[k + axes.count] }
        return full
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let rank = x.rank
        let pads = try attributePads ?? inputs.required(1).int64Values().map { Int($0) }
        let axes = inputs.optional(3)?.int64Values().map { Int($0) }
        let full = try Self.fullPads(pads, axes: axes, rank: rank)
        guard full.allSatisfy({ abs($0) <= maxResultElements }) else { throw KernelError("pads \(pads) are too large") }
        let shape = (0..<rank).map { x.shape[$0] + full[$0] + full[$0 + rank] }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw KernelError("pads \(pads) crop more than the input \(x.shape)") }
        _ = try resultCount(shape)
        if mode != .constant {
            for i in 0..<rank where x.shape[i] == 0 && shape[i] > 0 {
                throw KernelError("\(mode.rawValue) padding needs a non-empty input along axis \(i)")
            }
        }
        let count = shape.reduce(1, *)
        let strides = contiguousStrides(x.shape)
        var indices = [Int](repeating: 0, count: count)
        var position = [Int](repeating: 0, count: rank)
        for n in 0..<count {
            var s = 0
            var outside = false
            for d in 0..<rank {
                var p = position[d] - full[d]
                let extent = x.shape[d]
                if p < 0 || p >= extent {
                    switch mode {
                    case .constant: outside = true
                    case .edge: p = min(max(p, 0), extent - 1)
                    case .wrap: p = ((p % extent) + extent) % extent
                    case .reflect:
                        if extent == 1 { p = 0 } else {
                            let period = 2 * (extent - 1)
                            p = ((p % period) + period) % period
                            if p >= extent { p = period - p }
                        }
                    }
                }
                s += p * strides[d]
            }
            indices[n] = outside ? -1 : s
            var d = rank - 1
            while d >= 0 { position[d] += 1; if position[d] < shape[d] { break }; position[d] = 0; d -= 1 }
        }
        let fill: TensorStorage
        if let v = inputs.optional(2), v.count >= 1 {
            fill = try Conversion.cast(v, to: x.dtype).storage.element(0)
        } else {
            fill = try Conversion.cast(Tensor.scalar(attributeValue), to: x.dtype).storage
        }
        return [try Tensor(shape: shape, storage: x.storage.gathered(indices, fill: fill))]
    }
}
