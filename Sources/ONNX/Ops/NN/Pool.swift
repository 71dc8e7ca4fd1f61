import Tensors

/// MaxPool and AveragePool over 1-D, 2-D or 3-D windows: pads, `auto_pad`, strides, dilations, `ceil_mode`,
/// `count_include_pad`, and MaxPool's optional Indices output (`storage_order`).
struct PoolOp: Operator {
    let isMax: Bool
    let attributes: SpatialAttributes
    let ceilMode: Bool
    let countIncludePad: Bool
    let columnMajorIndices: Bool

    init(_ ctx: NodeContext, isMax: Bool) throws {
        self.isMax = isMax
        attributes = try SpatialAttributes(ctx)
        guard attributes.kernelShape != nil else { throw UnsupportedVariant("attribute 'kernel_shape' is missing") }
        ceilMode = try ctx.int("ceil_mode", default: 0) != 0
        countIncludePad = try ctx.int("count_include_pad", default: 0) != 0
        columnMajorIndices = try ctx.int("storage_order", default: 0) != 0
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let xs = x.shape, xs.count >= 3, let spatial = Dim.concrete(Array(xs[2...])), let k = attributes.kernelShape,
              let g = try? attributes.geometry(input: spatial, kernel: k, ceilMode: ceilMode) else {
            let unknown = x.rank.map { Array(repeating: Dim.unknown, count: $0) }
            return [ValueFact(dtype: x.dtype, shape: unknown), ValueFact(dtype: .int64, shape: unknown)]
        }
        let shape = [xs[0], xs[1]] + Dim.shape(g.output)
        return [ValueFact(dtype: x.dtype, shape: shape), ValueFact(dtype: .int64, shape: shape)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        guard x.rank >= 3 else { throw KernelError("input must be N×C×…, got \(x.shape)") }
        guard x.dtype != .bool else { throw KernelError("element type bool is not supported") }
        let g = try attributes.geometry(input: Array(x.shape[2...]), kernel: attributes.kernelShape!, ceilMode: ceilMode)
        let planes = x.shape[0] * x.shape[1]
        _ = try resultCount(Array(x.shape[..<2]) + g.output)
        let values = x.toFloat32().floats!
        let rank = g.input.count
        let inCount = g.inputCount, outCount = g.outputCount, kCount = g.kernelCount
        let inStrides = contiguousStrides(g.input)
        var out = [Float](repeating: 0, count: planes * outCount)
        var indices = [Int64](repeating: 0, count: isMax ? planes * outCount : 0)
        // Kernel offsets as multi-indices.
        let offsets: [[Int]] = (0..<kCount).map { k in
            var r = k, pos = [Int](repeating: 0, count: rank)
            for d in stride(from: rank - 1, through: 0, by: -1) { pos[d] = r % g.kernel[d]; r /= g.kernel[d] }
            return pos
        }
        var opos = [Int](repeating: 0, count: rank)
        var starts = [Int](repeating: 0, count: rank)
        for o in 0..<outCount {
            for d in 0..<rank { starts[d] = opos[d] * g.strides[d] - g.padBegin[d] }
            // The positions this window covers inside the input, and how many fall in the padded extent.
            var sources: [Int] = []
            var positions: [[Int]] = []
            var padded = 0
            for off in offsets {
                var s = 0, inside = true, withinPad = true
                var pos = [Int](repeating: 0, count: rank)
                for d in 0..<rank {
                    let p = starts[d] + off[d] * g.dilations[d]
                    pos[d] = p
                    if p < 0 || p >= g.input[d] { inside = false }
                    if p < -g.padBegin[d] || p >= g.input[d] + g.padEnd[d] { withinPad = false }
                    s += p * inStrides[d]
                }
                if withinPad { padded += 1 }
                if inside { sources.append(s); positions.append(pos) }
            }
            for plane in 0..<planes {
                let base = plane * inCount
                if isMax {
                    var best = -Float.infinity, at = -1
                    for (k, s) in sources.enumerated() {
                        let v = values[base + s]
                        if v > best || v.isNaN || at < 0 { best = v; at = k; if v.isNaN { break } }
                    }
                    out[plane * outCount + o] = best
                    if at >= 0 {
                        var flat = 0
                        if columnMajorIndices {
                            var mult = 1
                            for d in 0..<rank { flat += positions[at][d] * mult; mult *= g.input[d] }
                        } else {
                            flat = sources[at]
                        }
                        indices[plane * outCount + o] = Int64(base + flat)
                    }
                } else {
                    var sum: Float = 0
                    for s in sources { sum += values[base + s] }
                    let divisor = countIncludePad ? padded : sources.count
                    out[plane * outCount + o] = divisor > 0 ? sum / Float(divisor) : 0
                }
            }
            var d = rank - 1
            while d >= 0 { opos[d] += 1; if opos[d] < g.output[d] { break }; opos[d] = 0; d -= 1 }
        }
        let shape = Array(x.shape[..<2]) + g.output
        let y = try Conversion.cast(Tensor(shape: shape, floats: out), to: x.dtype)
        return isMax ? [y, try Tensor(shape: shape, int64s: indices)] : [y]
    }
}

/// GlobalAveragePool and GlobalMaxPool: one value per (sample, channel) plane, spatial dimensions kept as 1.
struct GlobalPoolOp: Operator {
    let isMax: Bool

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let xs = x.shape, xs.count >= 2 else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        return [ValueFact(dtype: x.dtype, shape: Array(xs[..<2]) + Array(repeating: .known(1), count: xs.count - 2))]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        guard x.rank >= 2 else { throw KernelError("input must be N×C×…, got \(x.shape)") }
        let planes = x.shape[0] * x.shape[1], size = x.shape[2...].reduce(1, *)
        let values = x.toFloat32().floats!
        var out = [Float](repeating: 0, count: planes)
        for p in 0..<planes {
            if isMax {
                var best = -Float.infinity
                for i in 0..<size { let v = values[p * size + i]; if v > best || v.isNaN { best = v } }
                out[p] = best
            } else {
                var s: Double = 0
                for i in 0..<size { s += Double(values[p * size + i]) }
                out[p] = size > 0 ? Float(s / Double(size)) : .nan
            }
        }
        let shape = Array(x.shape[..<2]) + Array(repeating: 1, count: x.rank - 2)
        return [try Conversion.cast(Tensor(shape: shape, floats: out), to: x.dtype)]
    }
}

/// Registration of the pools.
enum PoolOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["MaxPool"] = { try PoolOp($0, isMax: true) }
        r["AveragePool"] = { try PoolOp($0, isMax: false) }
        r["GlobalAveragePool"] = { _ in GlobalPoolOp(isMax: false) }
        r["GlobalMaxPool"] = { _ in GlobalPoolOp(isMax: true) }
    }
}
