/// The window attributes Conv, ConvTranspose and the pools share: kernel shape, strides, dilations, explicit pads
/// or `auto_pad`.
struct SpatialAttributes: Sendable {
    enum AutoPad: String, Sendable { case notSet = "NOTSET", sameUpper = "SAME_UPPER", sameLower = "SAME_LOWER", valid = "VALID" }

    var kernelShape: [Int]?
    var strides: [Int]?
    var dilations: [Int]?
    var pads: [Int]?
    var autoPad: AutoPad

    init(_ ctx: NodeContext) throws {
        kernelShape = try ctx.ints("kernel_shape")
        strides = try ctx.ints("strides")
        dilations = try ctx.ints("dilations")
        pads = try ctx.ints("pads")
        let name = try ctx.string("auto_pad", default: "NOTSET")
        guard let mode = AutoPad(rawValue: name) else { throw UnsupportedVariant("auto_pad '\(name)' is not supported") }
        autoPad = mode
        for (what, list) in [("strides", strides), ("dilations", dilations)] where list?.contains(where: { $0 < 1 }) ?? false {
            throw UnsupportedVariant("\(what) must be positive")
        }
        if pads?.contains(where: { $0 < 0 }) ?? false { throw UnsupportedVariant("negative pads are not supported") }
        if kernelShape?.contains(where: { $0 < 1 }) ?? false { throw UnsupportedVariant("kernel_shape must be positive") }
        let limit = 1 << 24
        for (what, list) in [("kernel_shape", kernelShape), ("strides", strides), ("dilations", dilations), ("pads", pads)]
        where list?.contains(where: { $0 > limit }) ?? false {
            throw UnsupportedVariant("\(what) values over \(limit) are not supported")
        }
    }

    /// The geometry of one window operation over `input` spatial extents with `kernel` extents.
    func geometry(input: [Int], kernel: [Int], ceilMode: Bool = false) throws -> WindowGeometry {
        let rank = input.count
        guard kernel.count == rank else { throw KernelError("kernel \(kernel) does not match \(rank) spatial dimensions") }
        let strides = self.strides ?? Array(repeating: 1, count: rank)
        let dilations = self.dilations ?? Array(repeating: 1, count: rank)
        guard strides.count == rank, dilations.count == rank else {
            throw KernelError("strides and dilations must have \(rank) entries")
        }
        var begin = Array(repeating: 0, count: rank), end = begin, output = begin
        for i in 0..<rank {
            let extent = (kernel[i] - 1) * dilations[i] + 1
            switch autoPad {
            case .sameUpper, .sameLower:
                output[i] = (input[i] + strides[i] - 1) / strides[i]
                let total = max(0, (output[i] - 1) * strides[i] + extent - input[i])
                begin[i] = autoPad == .sameUpper ? total / 2 : total - total / 2
                end[i] = total - begin[i]
            case .valid, .notSet:
                if autoPad == .notSet, let pads {
                    guard pads.count == 2 * rank else { throw KernelError("pads \(pads) must have \(2 * rank) entries") }
                    begin[i] = pads[i]; end[i] = pads[i + rank]
                }
                let span = input[i] + begin[i] + end[i] - extent
                guard span >= 0 else {
                    throw KernelError("the window (\(extent) wide) is larger than the padded input (\(input[i] + begin[i] + end[i]))")
                }
                if ceilMode {
                    output[i] = (span + strides[i] - 1) / strides[i] + 1
                    // The last window must start inside the input or its left padding.
                    if (output[i] - 1) * strides[i] >= input[i] + begin[i] { output[i] -= 1 }
                } else {
                    output[i] = span / strides[i] + 1
                }
            }
        }
        return WindowGeometry(input: input, kernel: kernel, strides: strides, dilations: dilations,
                              padBegin: begin, padEnd: end, output: output)
    }
}

/// Resolved window geometry for one call.
struct WindowGeometry: Sendable {
    var input: [Int]
    var kernel: [Int]
    var strides: [Int]
    var dilations: [Int]
    var padBegin: [Int]
    var padEnd: [Int]
    var output: [Int]

    var inputCount: Int { input.reduce(1, *) }
    var kernelCount: Int { kernel.reduce(1, *) }
    var outputCount: Int { output.reduce(1, *) }
}
