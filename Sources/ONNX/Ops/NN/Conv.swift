import Tensors

/// Conv (1-D, 2-D, 3-D, grouped, strided, dilated, padded) through im2col and one matrix product per group and
/// image or chunk of images; chunks go to the workers one at a time, the bias is written before the product and a
/// fused activation runs in the pass that writes the output.
struct ConvOp: Operator {
    var attributes: SpatialAttributes
    var group: Int
    var activation: Activation?

    init(_ ctx: NodeContext) throws {
        attributes = try SpatialAttributes(ctx)
        group = try ctx.int("group", default: 1)
        guard group >= 1 else { throw UnsupportedVariant("group must be positive") }
        activation = nil
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard inputs.count >= 2, let xs = x.shape, let ws = inputs[1].shape, xs.count >= 3, ws.count == xs.count else {
            return [ValueFact(dtype: x.dtype, shape: x.rank.map { Array(repeating: .unknown, count: $0) })]
        }
        var out: [Dim] = [xs[0], ws[0]]
        let kernel = attributes.kernelShape.map { Dim.shape($0) } ?? Array(ws[2...])
        if let spatial = Dim.concrete(Array(xs[2...])), let k = Dim.concrete(kernel),
           let g = try? attributes.geometry(input: spatial, kernel: k) {
            out += Dim.shape(g.output)
        } else {
            out += Array(repeating: .unknown, count: xs.count - 2)
        }
        return [ValueFact(dtype: x.dtype, shape: out)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0), w = try inputs.required(1), b = inputs.optional(2)
        guard x.rank >= 3, w.rank == x.rank else { throw KernelError("X \(x.shape) and W \(w.shape) must be N×C×… and M×C/group×…") }
        let n = x.shape[0], c = x.shape[1], m = w.shape[0]
        guard c % group == 0, m % group == 0, w.shape[1] * group == c else {
            throw KernelError("X has \(c) channels but W \(w.shape) with group \(group) expects \(w.shape[1] * group)")
        }
        let kernel = Array(w.shape[2...])
        if let k = attributes.kernelShape, k != kernel { throw KernelError("kernel_shape \(k) does not match W \(w.shape)") }
        let g = try attributes.geometry(input: Array(x.shape[2...]), kernel: kernel)
        if let b, b.count != m { throw KernelError("B has \(b.count) elements but there are \(m) output channels") }
        guard x.dtype == .float32 || x.dtype == .float64 else { throw KernelError("element type \(x.dtype.rawValue) is not supported") }
        let xf = x.toFloat32().floats!, wf = w.toFloat32().floats!, bf = b?.toFloat32().floats
        let outShape = [n, m] + g.output
        _ = try resultCount(outShape)
        let y = ConvKernel.forward(x: xf, batch: n, channels: c, w: wf, outChannels: m, bias: bf, group: group,
                                   geometry: g, activation: activation)
        let result = try Tensor(shape: outShape, floats: y)
        return [x.dtype == .float32 ? result : try Conversion.cast(result, to: x.dtype)]
    }
}

/// The convolution kernel proper, on float32 buffers.
enum ConvKernel {
    /// Floats of im2col and product buffers per chunk of images: small enough to stay in cache between the product
    /// and the pass that copies it into the output.
    static let columnBudget = 1 << 19

    /// Products up to this many multiply-adds run single-threaded inside OpenBLAS (its threading threshold), so
    /// several of them can run side by side on our own workers.
    static let serialProductSize = 1 << 18

    ///
    /// An image whose product has at most `serialLimit` multiply-adds is one work item (BLAS runs it on the calling
    /// thread); otherwise a work item is a chunk of images whose buffers take `budget` floats.
    static func forward(x: [Float], batch n: Int, channels c: Int, w: [Float], outChannels m: Int, bias: [Float]?,
                        group: Int, geometry g: WindowGeometry, activation: Activation?,
                        serialLimit: Int = serialProductSize, budget: Int = columnBudget) -> [Float] {
        let cg = c / group, mg = m / group
        let k = g.kernelCount, out = g.outputCount, inCount = g.inputCount
        let rows = cg * k
        let pointwise = g.kernel.allSatisfy { $0 == 1 } && g.strides.allSatisfy { $0 == 1 }
            && g.padBegin.allSatisfy { $0 == 0 } && g.padEnd.allSatisfy { $0 == 0 }
        let imageStride = c * inCount, outStride = m * out
        let workers = max(1, Linalg.threads)
        let table = Im2Col.Table(g)
        return uninitializedFloats(n * outStride) { y in
            guard n > 0, out > 0, m > 0 else { return }
            nonisolated(unsafe) let py = y
            x.withBase { px in
                w.withBase { pw in
                    nonisolated(unsafe) let (px, pw) = (px, pw)
                    // Images per product: one when a whole image's product is small (BLAS then runs it on the
                    // calling thread), else a chunk sized to `budget` floats of buffers.
                    let perImage = pointwise || mg * out * rows <= serialLimit
                    let chunk = perImage ? 1 : max(1, min(n, budget / max((rows + mg) * out, 1)))
                    let chunks = (n + chunk - 1) / chunk
                    let scratch = (pointwise ? 0 : rows * chunk * out + table.paddedCount) + (chunk > 1 ? mg * chunk * out : 0)
                    let work = {
                        WorkQueue.run(count: chunks, workers: workers) { queue in
                            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(scratch, 1)) { buffer in
                                let pc = buffer.baseAddress!
                                let ps = pc + (pointwise ? 0 : rows * chunk * out)
                                let pt = ps + (pointwise ? 0 : table.paddedCount)
                                while let index = queue.take() {
                                    let start = index * chunk, images = min(chunk, n - start), ld = images * out
                                    for gi in 0..<group {
                                        let xg = px + start * imageStride + gi * cg * inCount
                                        var b = xg
                                        if !pointwise {
                                            Im2Col.unfold(xg, imageStride: imageStride, images: images, channels: cg, table: table,
                                                          scratch: ps, into: pc)
                                            b = UnsafePointer(pc)
                                        }
                                        let wg = pw + gi * mg * rows
                                        if images == 1 {
                                            // The product lands in the output directly.
                                            let yg = py + start * outStride + gi * mg * out
                                            let beta = prefill(yg, channels: mg, firstChannel: gi * mg, out: out, stride: out, bias: bias)
                                            Linalg.sgemm(m: mg, n: out, k: rows, a: wg, lda: rows, b: b, ldb: ld, beta: beta, c: yg, ldc: out)
                                            activation?.apply(yg, count: mg * out)
                                            continue
                                        }
                                        let beta = prefill(pt, channels: mg, firstChannel: gi * mg, out: ld, stride: ld, bias: bias)
                                        Linalg.sgemm(m: mg, n: ld, k: rows, a: wg, lda: rows, b: b, ldb: ld, beta: beta, c: pt, ldc: ld)
                                        for i in 0..<images {
                                            let yg = py + (start + i) * outStride + gi * mg * out
                                            for ch in 0..<mg {
                                                let dst = yg + ch * out, src = pt + ch * ld + i * out
                                                if let activation { activation.copy(src, to: dst, count: out) } else { dst.update(from: src, count: out) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    // Our workers each run their own products: OpenBLAS's threads inside them would only contend.
                    if workers > 1 && chunks > 1 { Linalg.singleThreaded(work) } else { work() }
                }
            }
        }
    }

    /// Fills `channels` rows of `out` values (`stride` apart) with their channel's bias; returns the beta for the
    /// product that adds onto them (0 when there is no bias, and nothing is written).
    @inline(__always)
    static func prefill(_ y: UnsafeMutablePointer<Float>, channels: Int, firstChannel: Int, out: Int, stride: Int,
                        bias: [Float]?) -> Float {
        guard let bias else { return 0 }
        for ch in 0..<channels { (y + ch * stride).update(repeating: bias[firstChannel + ch], count: out) }
        return 1
    }
}

/// Registration of the convolutions.
enum ConvOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["Conv"] = { try ConvOp($0) }
        r["ConvTranspose"] = { try ConvTransposeOp($0) }
    }
}
