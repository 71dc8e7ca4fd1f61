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
    /// How a chunk of images becomes the product's right-hand side.
    enum Unfolding {
        /// A 1×1 window at stride 1 without padding: the input is the matrix.
        case none
        /// Channels-last patches, read transposed (`Im2ColChannelsLast`): 2-D windows over several channels.
        case channelsLast
        /// Row by row (`Im2ColPlanar`): other 2-D windows.
        case planar
        /// Through the offset table (`Im2Col`): 1-D and 3-D windows.
        case table

        /// The fastest way for this geometry; `channelsLast` needs runs of a few channels to pay off.
        static func choose(_ g: WindowGeometry, channels c: Int, group: Int) -> Unfolding {
            if g.kernel.allSatisfy({ $0 == 1 }) && g.strides.allSatisfy({ $0 == 1 })
                && g.padBegin.allSatisfy({ $0 == 0 }) && g.padEnd.allSatisfy({ $0 == 0 }) { return .none }
            if Im2ColChannelsLast.applies(g, group: group) && c >= 4 { return .channelsLast }
            return g.input.count == 2 ? .planar : .table
        }
    }

    /// Floats of im2col and product buffers per chunk of images (512 KB): small enough to stay in a core's L2
    /// cache between the im2col, the product that reads it and the pass that copies the product into the output.
    static let columnBudget = 1 << 17

    /// Products up to this many multiply-adds run single-threaded inside OpenBLAS (its threading threshold), so
    /// several of them can run side by side on our own workers.
    static let serialProductSize = 1 << 18

    ///
    /// An image whose product has at most `serialLimit` multiply-adds is one work item (BLAS runs it on the calling
    /// thread); otherwise a work item is a chunk of images whose buffers take `budget` floats. The bias and the
    /// activation are applied in one pass after the product (the copy into the output, for a chunk).
    static func forward(x: [Float], batch n: Int, channels c: Int, w: [Float], outChannels m: Int, bias: [Float]?,
                        group: Int, geometry g: WindowGeometry, activation: Activation?,
                        serialLimit: Int = serialProductSize, budget: Int = columnBudget,
                        unfolding requested: Unfolding? = nil) -> [Float] {
        let cg = c / group, mg = m / group
        let k = g.kernelCount, out = g.outputCount, inCount = g.inputCount
        let rows = cg * k
        let unfolding = requested ?? Unfolding.choose(g, channels: c, group: group)
        let table = unfolding == .table ? Im2Col.Table(g) : nil
        let ranges = unfolding == .planar ? Im2ColPlanar.columnRanges(g) : []
        let extents = unfolding == .channelsLast ? Im2ColChannelsLast.paddedExtents(g) : (rows: 0, columns: 0)
        let weights = unfolding == .channelsLast
            ? w.withBase { Im2ColChannelsLast.reorderWeights($0, outChannels: m, channels: c, kernelCount: k) } : w
        let imageStride = c * inCount, outStride = m * out
        let workers = max(1, Linalg.threads)
        return uninitializedFloats(n * outStride) { y in
            guard n > 0, out > 0, m > 0 else { return }
            nonisolated(unsafe) let py = y
            x.withBase { px in
                weights.withBase { pw in
                    nonisolated(unsafe) let (px, pw) = (px, pw)
                    // Images per product: one when a whole image's product is small (BLAS then runs it on the
                    // calling thread), else a chunk sized to `budget` floats of buffers.
                    let perImage = unfolding == .none || mg * out * rows <= serialLimit
                    let chunk = perImage ? 1 : max(1, min(n, budget / max((rows + mg) * out, 1)))
                    let chunks = (n + chunk - 1) / chunk
                    // Scratch: the unfolded chunk, then the padded plane (table) or the padded channels-last image,
                    // then the chunk's product.
                    let columns = unfolding == .none ? 0 : rows * chunk * out
                    let padded = table?.paddedCount ?? extents.rows * extents.columns * c
                    let scratch = columns + padded + (chunk > 1 ? mg * chunk * out : 0)
                    let work = {
                        WorkQueue.run(count: chunks, workers: workers) { queue in
                            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(scratch, 1)) { buffer in
                                let pc = buffer.baseAddress!, ps = pc + columns, pt = ps + padded
                                // The channels-last copy's border stays zero: only its inside is rewritten.
                                if unfolding == .channelsLast { ps.update(repeating: 0, count: padded) }
                                while let index = queue.take() {
                                    let start = index * chunk, images = min(chunk, n - start), ld = images * out
                                    for gi in 0..<group {
                                        let xg = px + start * imageStride + gi * cg * inCount
                                        var b = xg
                                        switch unfolding {
                                        case .none: break
                                        case .table:
                                            Im2Col.unfold(xg, imageStride: imageStride, images: images, channels: cg,
                                                          table: table!, scratch: ps, into: pc)
                                        case .planar:
                                            Im2ColPlanar.unfold(xg, imageStride: imageStride, images: images, channels: cg,
                                                                geometry: g, ranges: ranges, into: pc)
                                        case .channelsLast:
                                            for i in 0..<images {
                                                Im2ColChannelsLast.transpose(xg + i * imageStride, channels: c, geometry: g, into: ps)
                                                Im2ColChannelsLast.unfold(ps, channels: c, geometry: g, into: pc + i * out * rows)
                                            }
                                        }
                                        if unfolding != .none { b = UnsafePointer(pc) }
                                        // Channels-last patches are rows (ld = K), read transposed.
                                        let transB = unfolding == .channelsLast, ldb = transB ? rows : ld
                                        let wg = pw + gi * mg * rows
                                        if images == 1 {
                                            // The product lands in the output directly.
                                            let yg = py + start * outStride + gi * mg * out
                                            Linalg.sgemm(transB: transB, m: mg, n: out, k: rows, a: wg, lda: rows, b: b,
                                                         ldb: ldb, c: yg, ldc: out)
                                            for ch in 0..<mg {
                                                finish(yg + ch * out, to: yg + ch * out, count: out, bias: bias?[gi * mg + ch] ?? 0,
                                                       activation: activation)
                                            }
                                            continue
                                        }
                                        Linalg.sgemm(transB: transB, m: mg, n: ld, k: rows, a: wg, lda: rows, b: b, ldb: ldb,
                                                     c: pt, ldc: ld)
                                        for i in 0..<images {
                                            let yg = py + (start + i) * outStride + gi * mg * out
                                            for ch in 0..<mg {
                                                finish(pt + ch * ld + i * out, to: yg + ch * out, count: out,
                                                       bias: bias?[gi * mg + ch] ?? 0, activation: activation)
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

    /// One output channel's row after the product: `activation(src + bias)` into `dst` (which may be `src`).
    @inline(__always)
    static func finish(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int, bias: Float,
                       activation: Activation?) {
        if let activation {
            activation.copy(src, to: dst, count: count, adding: bias)
        } else if bias != 0 || UnsafePointer(dst) != src {
            VectorExp.rectify(src, to: dst, count: count, adding: bias, slope: 1)
        }
    }
}

/// Registration of the convolutions.
enum ConvOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["Conv"] = { try ConvOp($0) }
        r["ConvTranspose"] = { try ConvTransposeOp($0) }
    }
}
