import Foundation
import Tensors

/// Resize (opsets 10–19) and Upsample: nearest, linear and cubic interpolation along each resized axis in turn,
/// with every coordinate transformation mode, nearest rounding mode, `exclude_outside`, `antialias`, `axes` and
/// `keep_aspect_ratio_policy`.
struct ResizeOp: Operator {
    enum Mode: String, Sendable { case nearest, linear, cubic }
    enum Coordinates: String, Sendable {
        case halfPixel = "half_pixel", halfPixelSymmetric = "half_pixel_symmetric", pytorchHalfPixel = "pytorch_half_pixel"
        case alignCorners = "align_corners", asymmetric, tfHalfPixelForNN = "tf_half_pixel_for_nn"
        case tfCropAndResize = "tf_crop_and_resize"
    }
    enum Rounding: String, Sendable { case roundPreferFloor = "round_prefer_floor", roundPreferCeil = "round_prefer_ceil", floor, ceil }
    enum AspectPolicy: String, Sendable { case stretch, notLarger = "not_larger", notSmaller = "not_smaller" }

    var mode: Mode
    var coordinates: Coordinates
    var rounding: Rounding
    var cubicA: Float
    var excludeOutside: Bool
    var extrapolationValue: Float
    var antialias: Bool
    var axes: [Int]?
    var policy: AspectPolicy
    /// Input positions: Upsample and opset-10 Resize take (X, scales); later Resize takes (X, roi, scales, sizes).
    var scalesInput: Int
    var roiInput: Int?
    var sizesInput: Int?
    /// Upsample-7 scales from the attribute.
    var attributeScales: [Float]?

    init(_ ctx: NodeContext, upsample: Bool = false) throws {
        let modeName = try ctx.string("mode", default: "nearest")
        switch modeName {
        case "nearest": mode = .nearest
        case "linear", "bilinear", "trilinear": mode = .linear
        case "cubic": mode = .cubic
        default: throw UnsupportedVariant("mode '\(modeName)' is not supported")
        }
        let legacy = upsample || ctx.opset < 11
        if legacy {
            coordinates = .asymmetric
            rounding = upsample || mode == .nearest ? .floor : .roundPreferFloor
        } else {
            let c = try ctx.string("coordinate_transformation_mode", default: "half_pixel")
            guard let cm = Coordinates(rawValue: c) else { throw UnsupportedVariant("coordinate_transformation_mode '\(c)' is not supported") }
            coordinates = cm
            let r = try ctx.string("nearest_mode", default: "round_prefer_floor")
            guard let rm = Rounding(rawValue: r) else { throw UnsupportedVariant("nearest_mode '\(r)' is not supported") }
            rounding = rm
        }
        cubicA = try ctx.float("cubic_coeff_a", default: -0.75)
        excludeOutside = try ctx.int("exclude_outside", default: 0) != 0
        extrapolationValue = try ctx.float("extrapolation_value", default: 0)
        antialias = try ctx.int("antialias", default: 0) != 0
        axes = try ctx.ints("axes")
        let p = try ctx.string("keep_aspect_ratio_policy", default: "stretch")
        guard let policy = AspectPolicy(rawValue: p) else { throw UnsupportedVariant("keep_aspect_ratio_policy '\(p)' is not supported") }
        self.policy = policy
        if legacy {
            scalesInput = 1; roiInput = nil; sizesInput = nil
            attributeScales = upsample && ctx.opset < 9 ? try ctx.floats("scales") : nil
            if upsample && ctx.opset < 9 && attributeScales == nil { throw UnsupportedVariant("attribute 'scales' is missing") }
        } else {
            scalesInput = 2; roiInput = 1; sizesInput = 3; attributeScales = nil
        }
    }

    // MARK: - Output size

    /// Per-axis output extents and scales.
    private func plan(input: [Int], scales: [Float]?, sizes: [Int]?) throws -> (sizes: [Int], scales: [Double]) {
        let rank = input.count
        let axes = try (self.axes ?? Array(0..<rank)).map { try normalizeAxis($0, rank: rank) }
        var outSizes = input
        var outScales = [Double](repeating: 1, count: rank)
        if let sizes, !sizes.isEmpty {
            guard sizes.count == axes.count else { throw KernelError("sizes \(sizes) must have \(axes.count) entries") }
            if policy == .stretch {
                for (k, a) in axes.enumerated() {
                    outSizes[a] = sizes[k]
                    outScales[a] = input[a] > 0 ? Double(sizes[k]) / Double(input[a]) : 1
                }
            } else {
                let ratios = axes.enumerated().map { Double(sizes[$0.offset]) / Double(max(input[$0.element], 1)) }
                let s = policy == .notLarger ? ratios.min() ?? 1 : ratios.max() ?? 1
                for a in axes {
                    outScales[a] = s
                    outSizes[a] = try Self.extent(s * Double(input[a]), .toNearestOrEven)
                }
            }
        } else if let scales, !scales.isEmpty {
            guard scales.count == axes.count else { throw KernelError("scales \(scales) must have \(axes.count) entries") }
            for (k, a) in axes.enumerated() {
                guard scales[k] > 0, scales[k].isFinite else { throw KernelError("scales must be positive, got \(scales)") }
                outScales[a] = Double(scales[k])
                outSizes[a] = try Self.extent(Double(input[a]) * Double(scales[k]), .down)
            }
        } else {
            throw KernelError("either scales or sizes must be given")
        }
        return (outSizes, outScales)
    }

    /// An output extent from a real-valued one, checked before it becomes an integer.
    private static func extent(_ value: Double, _ rule: FloatingPointRoundingRule) throws -> Int {
        let v = value.rounded(rule)
        guard v.isFinite, v >= 0, v <= Double(maxResultElements) else { throw KernelError("the output size \(value) is out of range") }
        return Int(v)
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        func constant(_ i: Int?) -> Tensor?? {
            guard let i else { return .some(nil) }
            if i >= inputs.count || inputs[i].isAbsent { return .some(nil) }
            guard let c = inputs[i].constant else { return nil }
            return .some(c)
        }
        guard let scalesT = constant(scalesInput), let sizesT = constant(sizesInput) else {
            return [ValueFact(dtype: x.dtype, shape: Array(repeating: .unknown, count: shape.count))]
        }
        let scales = attributeScales ?? scalesT?.floatValues()
        let sizes = sizesT?.int64Values().map { Int($0) }
        let probe = shape.map { $0.value ?? 1 }
        guard let p = try? plan(input: probe, scales: scales, sizes: sizes) else {
            return [ValueFact(dtype: x.dtype, shape: nil)]
        }
        let out = shape.enumerated().map { i, d -> Dim in
            if d.value != nil { return .known(p.sizes[i]) }
            return p.scales[i] == 1 && (sizes?.isEmpty ?? true) ? d : .unknown
        }
        return [ValueFact(dtype: x.dtype, shape: out)]
    }

    // MARK: - Run

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        guard x.dtype == .float32 || x.dtype == .float64 else { throw KernelError("element type \(x.dtype.rawValue) is not supported") }
        let scales = attributeScales ?? inputs.optional(scalesInput)?.floatValues()
        let sizes = sizesInput.flatMap { inputs.optional($0) }?.int64Values().map { Int($0) }
        let (outSizes, outScales) = try plan(input: x.shape, scales: scales, sizes: sizes)
        guard outSizes.allSatisfy({ $0 >= 0 }) else { throw KernelError("invalid output size \(outSizes)") }
        _ = try resultCount(outSizes)
        let rank = x.rank
        var roi = [Double](repeating: 0, count: 2 * rank)
        for i in 0..<rank { roi[rank + i] = 1 }
        if coordinates == .tfCropAndResize, let r = roiInput.flatMap({ inputs.optional($0) })?.floatValues(), !r.isEmpty {
            let axes = try (self.axes ?? Array(0..<rank)).map { try normalizeAxis($0, rank: rank) }
            guard r.count == 2 * axes.count else { throw KernelError("roi must have \(2 * axes.count) entries") }
            for (k, a) in axes.enumerated() { roi[a] = Double(r[k]); roi[rank + a] = Double(r[k + axes.count]) }
        }
        var values = x.toFloat32().floats!
        var shape = x.shape
        var outside: [[Bool]] = Array(repeating: [], count: rank)
        for axis in 0..<rank {
            let same = outSizes[axis] == shape[axis] && outScales[axis] == 1
            if same && coordinates != .tfCropAndResize { continue }
            let (taps, invalid) = weights(input: shape[axis], output: outSizes[axis], scale: outScales[axis],
                                          roi: (roi[axis], roi[rank + axis]))
            values = Self.apply(values, shape: shape, axis: axis, taps: taps)
            shape[axis] = outSizes[axis]
            outside[axis] = invalid
        }
        if coordinates == .tfCropAndResize && outside.contains(where: { $0.contains(true) }) {
            let strides = contiguousStrides(shape)
            for i in values.indices {
                var r = i
                for d in 0..<rank {
                    let p = r / strides[d]
                    r %= strides[d]
                    if !outside[d].isEmpty && outside[d][p] { values[i] = extrapolationValue; break }
                }
            }
        }
        return [try Conversion.cast(Tensor(shape: outSizes, floats: values), to: x.dtype)]
    }

    /// For each output index along one axis, the input indices and weights to combine, and whether it lies outside
    /// the input (for `tf_crop_and_resize`).
    private func weights(input: Int, output: Int, scale: Double, roi: (Double, Double)) -> ([[(Int, Float)]], [Bool]) {
        var taps: [[(Int, Float)]] = []
        var invalid = [Bool](repeating: false, count: output)
        // The specification scales by the real-valued output length `scale · input`, not the rounded one.
        let inD = Double(input), outD = Double(output), scaled = scale * inD
        for o in 0..<output {
            let od = Double(o)
            let x: Double
            switch coordinates {
            case .halfPixel: x = (od + 0.5) / scale - 0.5
            case .halfPixelSymmetric:
                let adjustment = outD / scaled
                let center = inD / 2
                x = center * (1 - adjustment) + (od + 0.5) / scale - 0.5
            case .pytorchHalfPixel: x = output > 1 ? (od + 0.5) / scale - 0.5 : 0
            case .alignCorners: x = output == 1 ? 0 : od * (inD - 1) / (scaled - 1)
            case .asymmetric: x = od / scale
            case .tfHalfPixelForNN: x = (od + 0.5) / scale
            case .tfCropAndResize:
                x = output > 1 ? roi.0 * (inD - 1) + od * (roi.1 - roi.0) * (inD - 1) / (outD - 1)
                    : 0.5 * (roi.0 + roi.1) * (inD - 1)
                if x < 0 || x > inD - 1 { invalid[o] = true }
            }
            taps.append(input == 0 ? [] : tapsAt(x, input: input, scale: scale))
        }
        return (taps, invalid)
    }

    private func tapsAt(_ position: Double, input: Int, scale: Double) -> [(Int, Float)] {
        // Far outside the input every tap clamps to an edge; keep the coordinate small enough for integers.
        let x = position.isNaN ? 0 : min(max(position, -Double(input) - 4), 2 * Double(input) + 4)
        func clamp(_ i: Int) -> Int { min(max(i, 0), input - 1) }
        switch mode {
        case .nearest:
            let i: Int
            switch rounding {
            case .roundPreferFloor: i = x == x.rounded(.down) + 0.5 ? Int(x.rounded(.down)) : Int(x.rounded())
            case .roundPreferCeil: i = Int(x.rounded())
            case .floor: i = Int(x.rounded(.down))
            case .ceil: i = Int(x.rounded(.up))
            }
            return [(clamp(i), 1)]
        case .linear, .cubic:
            let support: Double = mode == .linear ? 1 : 2
            let stretch = antialias && scale < 1 ? scale : 1
            let base = x.rounded(.down)
            let reach = Int(min((support / stretch).rounded(.up), Double(input + 4)))
            var taps: [(Int, Double)] = []
            for i in (Int(base) - reach + 1)...(Int(base) + reach) {
                let w = kernel((x - Double(i)) * stretch)
                if w == 0 { continue }
                if excludeOutside && (i < 0 || i >= input) { continue }
                taps.append((i, w))
            }
            let total = taps.reduce(0) { $0 + $1.1 }
            let normalise = antialias || excludeOutside
            var merged: [Int: Double] = [:]
            for (i, w) in taps { merged[clamp(i), default: 0] += normalise && total != 0 ? w / total : w }
            return merged.sorted { $0.key < $1.key }.map { ($0.key, Float($0.value)) }
        }
    }

    /// The interpolation kernel at distance t (triangle for linear, Keys cubic with coefficient A).
    private func kernel(_ t: Double) -> Double {
        let d = Swift.abs(t)
        if mode == .linear { return max(0, 1 - d) }
        let a = Double(cubicA)
        if d <= 1 { return ((a + 2) * d - (a + 3)) * d * d + 1 }
        if d < 2 { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
        return 0
    }

    /// Interpolates along one axis: `[outer, in, inner] → [outer, out, inner]`.
    static func apply(_ values: [Float], shape: [Int], axis: Int, taps: [[(Int, Float)]]) -> [Float] {
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *), input = shape[axis]
        let output = taps.count
        var result = [Float](repeating: 0, count: outer * output * inner)
        values.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                for o in 0..<outer {
                    for (j, tap) in taps.enumerated() {
                        let d = (o * output + j) * inner
                        for (i, w) in tap {
                            let s = (o * input + i) * inner
                            for k in 0..<inner { dst[d + k] += w * src[s + k] }
                        }
                    }
                }
            }
        }
        return result
    }
}

/// Registration of Resize and Upsample.
enum ResizeOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["Resize"] = { try ResizeOp($0) }
        r["Upsample"] = { try ResizeOp($0, upsample: true) }
    }
}
