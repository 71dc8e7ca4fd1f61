import Dispatch
import Tensors

/// Conv (1-D, 2-D, 3-D, grouped, strided, dilated, padded) through im2col and one matrix product per group and
/// chunk of images; bias and a fused activation run in the pass that writes the output.
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
    static let columnBudget = 1 << 17

    /// Products up to this many multiply-adds run single-threaded inside OpenBLAS (its threading threshold), so
    /// several of them can run side by side on our own workers.
    static let serialProductSize = 1 << 18

    ///
    /// Per-image products of at most `serialLimit` multiply-adds run side by side on our workers; larger ones run
    /// one chunk of `budget` floats at a time, threaded by BLAS.
    static func forward(x: [Float], batch n: Int, channels c: Int, w: [Float], outChannels m: Int, bias: [Float]?,
                        group: Int, geometry g: WindowGeometry, activation: Activation?,
                        serialLimit: Int = serialProductSize, budget: Int = columnBudget) -> [Float] {
        let cg = c / group, mg = m / group
        let k = g.kernelCount, out = g.outputCount, inCount = g.inputCount
        let rows = cg * k
        let pointwise = g.kernel.allSatisfy { $0 == 1 } && g.strides.allSatisfy { $0 == 1 }
            && g.padBegin.allSatisfy { $0 == 0 } && g.padEnd.allSatisfy { $0 == 0 }
        let imageStride = c * inCount, outStride = m * out
        let workers = max(1, min(Linalg.threads, n))
        let table = Im2Col.Table(g)
        return uninitializedFloats(n * outStride) { y in
            guard n > 0, out > 0, m > 0 else { return }
            nonisolated(unsafe) let py = y
            x.withBase { px in
                w.withBase { pw in
                    nonisolated(unsafe) let (px, pw) = (px, pw)
                    if mg * out * rows <= serialLimit || pointwise {
                        // Small products run on the calling thread inside BLAS, so the images are shared out
                        // between workers, each unfolding and multiplying straight into the output.
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            let first = n * worker / workers, last = n * (worker + 1) / workers
                            var col = [Float](repeating: 0, count: pointwise ? 0 : rows * out)
                            var scratch = [Float](repeating: 0, count: table.paddedCount)
                            scratch.withMutableBase { ps in
                            col.withMutableBase { pc in
                                for image in first..<last {
                                    for gi in 0..<group {
                                        let xg = px + image * imageStride + gi * cg * inCount
                                        var b = xg
                                        if !pointwise {
                                            Im2Col.unfold(xg, imageStride: imageStride, images: 1, channels: cg, table: table,
                                                          scratch: ps, into: pc)
                                            b = UnsafePointer(pc)
                                        }
                                        let yg = py + image * outStride + gi * mg * out
                                        let beta = prefill(yg, channels: mg, firstChannel: gi * mg, out: out, stride: out, bias: bias)
                                        Linalg.sgemm(m: mg, n: out, k: rows, a: pw + gi * mg * rows, lda: rows, b: b, ldb: out,
                                                     beta: beta, c: yg, ldc: out)
                                        activation?.apply(yg, count: mg * out)
                                    }
                                }
                            }
                            }
                        }
                        return
                    }
                    // Larger products: chunks of images share one product (BLAS threads it); unfolding and
                    // copying into the output are shared out between workers.
                    let chunk = max(1, min(n, budget / max((rows + mg) * out, 1)))
                    var col = [Float](repeating: 0, count: rows * chunk * out)
                    var tmp = [Float](repeating: 0, count: mg * chunk * out)
                    col.withMutableBase { pc in
                        tmp.withMutableBase { pt in
                            nonisolated(unsafe) let (pc, pt) = (pc, pt)
                            var start = 0
                            while start < n {
                                let images = min(chunk, n - start)
                                let ld = images * out
                                let first = start
                                for gi in 0..<group {
                                    nonisolated(unsafe) let xg = px + first * imageStride + gi * cg * inCount
                                    let parts = min(workers, cg)
                                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                                        let c0 = cg * part / parts, c1 = cg * (part + 1) / parts
                                        var scratch = [Float](repeating: 0, count: table.paddedCount)
                                        scratch.withMutableBase { ps in
                                            Im2Col.unfold(xg + c0 * inCount, imageStride: imageStride, images: images,
                                                          channels: c1 - c0, table: table, scratch: ps, into: pc + c0 * k * ld)
                                        }
                                    }
                                    let beta = prefill(pt, channels: mg, firstChannel: gi * mg, out: ld, stride: ld, bias: bias)
                                    Linalg.sgemm(m: mg, n: ld, k: rows, a: pw + gi * mg * rows, lda: rows, b: pc, ldb: ld,
                                                 beta: beta, c: pt, ldc: ld)
                                    let imageParts = min(workers, images)
                                    DispatchQueue.concurrentPerform(iterations: imageParts) { part in
                                        for i in (images * part / imageParts)..<(images * (part + 1) / imageParts) {
                                            let yg = py + (first + i) * outStride + gi * mg * out
                                            for ch in 0..<mg {
                                                let dst = yg + ch * out, src = pt + ch * ld + i * out
                                                if let activation {
                                                    activation.copy(src, to: dst, count: out)
                                                } else {
                                                    dst.update(from: src, count: out)
                                                }
                                            }
                                        }
                                    }
                                }
                                start += images
                            }
                        }
                    }
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

    /// Adds the bias and applies the activation to `channels` output planes of `out` values each.
    @inline(__always)
    static func finish(_ y: UnsafeMutablePointer<Float>, channels: Int, firstChannel: Int, out: Int, bias: [Float]?,
                       activation: Activation?) {
        if let bias {
            for ch in 0..<channels {
                let v = bias[firstChannel + ch], row = y + ch * out
                for i in 0..<out { row[i] += v }
            }
        }
        activation?.apply(y, count: channels * out)
    }
}
