import Tensors

/// ConvTranspose: matrix products `Wᵀ · X` then a scatter-add (col2im) into the output (`ConvTransposeKernel`);
/// `output_padding`, `output_shape`, strides, pads, dilations, groups and `auto_pad` as ONNX defines them.
struct ConvTransposeOp: Operator {
    var attributes: SpatialAttributes
    var group: Int
    var outputPadding: [Int]?
    var outputShape: [Int]?
    var activation: Activation?

    init(_ ctx: NodeContext) throws {
        attributes = try SpatialAttributes(ctx)
        group = try ctx.int("group", default: 1)
        guard group >= 1 else { throw UnsupportedVariant("group must be positive") }
        outputPadding = try ctx.ints("output_padding")
        outputShape = try ctx.ints("output_shape")
        activation = nil
    }

    /// Output extents and begin pads for the spatial input extents and kernel.
    func geometry(input: [Int], kernel: [Int]) throws -> WindowGeometry {
        let rank = input.count
        guard kernel.count == rank else { throw KernelError("kernel \(kernel) does not match \(rank) spatial dimensions") }
        let strides = attributes.strides ?? Array(repeating: 1, count: rank)
        let dilations = attributes.dilations ?? Array(repeating: 1, count: rank)
        let extra = outputPadding ?? Array(repeating: 0, count: rank)
        guard strides.count == rank, dilations.count == rank, extra.count == rank else {
            throw KernelError("strides, dilations and output_padding must have \(rank) entries")
        }
        var begin = Array(repeating: 0, count: rank), end = begin, output = begin
        let requested = outputShape.map { Array($0.suffix(rank)) }
        // Attributes come from the file: any product or sum may overflow, which is a bad model, not a trap.
        func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Int {
            guard !r.overflow else { throw KernelError("strides \(strides), dilations \(dilations), pads or output_padding \(extra) overflow the output size") }
            return r.partialValue
        }
        // Floor division by 2, as in the specification's reference (a negative total adds zeros at the end).
        func half(_ t: Int) -> Int { t >> 1 }
        for i in 0..<rank {
            let extent = try checked(checked((kernel[i] - 1).multipliedReportingOverflow(by: dilations[i])).addingReportingOverflow(1))
            let strided = try checked(strides[i].multipliedReportingOverflow(by: input[i] - 1))
            let full = try checked(checked(strided.addingReportingOverflow(extra[i])).addingReportingOverflow(extent))
            if let requested {
                output[i] = requested[i]
                let total = try checked(full.subtractingReportingOverflow(output[i]))
                if attributes.autoPad == .sameUpper { begin[i] = half(total); end[i] = total - half(total) } else {
                    begin[i] = total - half(total); end[i] = half(total)
                }
            } else if attributes.autoPad == .sameUpper || attributes.autoPad == .sameLower {
                output[i] = try checked(input[i].multipliedReportingOverflow(by: strides[i]))
                let total = try checked(full.subtractingReportingOverflow(output[i]))
                if attributes.autoPad == .sameUpper { begin[i] = half(total); end[i] = total - half(total) } else {
                    begin[i] = total - half(total); end[i] = half(total)
                }
            } else {
                if attributes.autoPad == .notSet, let pads = attributes.pads {
                    guard pads.count == 2 * rank else { throw KernelError("pads \(pads) must have \(2 * rank) entries") }
                    begin[i] = pads[i]; end[i] = pads[i + rank]
                }
                output[i] = try checked(checked(full.subtractingReportingOverflow(begin[i])).subtractingReportingOverflow(end[i]))
            }
            guard output[i] >= 0 else { throw KernelError("the output would have a negative extent") }
        }
        return WindowGeometry(input: input, kernel: kernel, strides: strides, dilations: dilations,
                              padBegin: begin, padEnd: end, output: output)
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard inputs.count >= 2, let xs = x.shape, let ws = inputs[1].shape, xs.count >= 3, ws.count == xs.count else {
            return [ValueFact(dtype: x.dtype, shape: x.rank.map { Array(repeating: .unknown, count: $0) })]
        }
        var out: [Dim] = [xs[0], ws[1] * .known(group)]
        if let spatial = Dim.concrete(Array(xs[2...])), let k = Dim.concrete(Array(ws[2...])),
           let g = try? geometry(input: spatial, kernel: k) {
            out += Dim.shape(g.output)
        } else {
            out += Array(repeating: .unknown, count: xs.count - 2)
        }
        return [ValueFact(dtype: x.dtype, shape: out)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0), w = try inputs.required(1), b = inputs.optional(2)
        guard x.rank >= 3, w.rank == x.rank else { throw KernelError("X \(x.shape) and W \(w.shape) must be N×C×… and C×M/group×…") }
        let n = x.shape[0], c = x.shape[1]
        guard w.shape[0] == c, c % group == 0 else {
            throw KernelError("X has \(c) channels but W \(w.shape) expects \(w.shape[0]) (group \(group))")
        }
        let mg = w.shape[1], m = mg * group, cg = c / group
        let kernel = Array(w.shape[2...])
        if let k = attributes.kernelShape, k != kernel { throw KernelError("kernel_shape \(k) does not match W \(w.shape)") }
        let g = try geometry(input: Array(x.shape[2...]), kernel: kernel)
        if let b, b.count != m { throw KernelError("B has \(b.count) elements but there are \(m) output channels") }
        guard x.dtype == .float32 || x.dtype == .float64 else { throw KernelError("element type \(x.dtype.rawValue) is not supported") }
        let xf = x.toFloat32().floats!, wf = w.toFloat32().floats!, bias = b?.toFloat32().floats
        _ = try resultCount([n, m] + g.output)
        let y = ConvTransposeKernel.forward(x: xf, batch: n, channels: c, w: wf, outChannels: m, bias: bias,
                                            group: group, geometry: g, activation: activation)
        let result = try Tensor(shape: [n, m] + g.output, floats: y)
        return [x.dtype == .float32 ? result : try Conversion.cast(result, to: x.dtype)]
    }
}
