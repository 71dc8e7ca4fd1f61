import Tensors

/// The transposed convolution proper, on float32 buffers: per chunk of images, the chunk's input gathered into one
/// matrix (channels × images·positions), one product `Wᵀ · X` per group into columns, then a scatter-add (col2im)
/// into the outputs, which start as the bias. Chunks go to the workers one at a time, each running its products on
/// one OpenBLAS thread; a single chunk keeps OpenBLAS's threads.
enum ConvTransposeKernel {
    /// Floats of column and gathered-input buffers per chunk of images: one image alone makes a product too narrow
    /// for OpenBLAS (a 4×4 input is 16 columns), a chunk of them a wide one that still stays in cache.
    static let columnBudget = 1 << 19

    static func forward(x: [Float], batch n: Int, channels c: Int, w: [Float], outChannels m: Int, bias: [Float]?,
                        group: Int, geometry g: WindowGeometry, activation: Activation?,
                        workers: Int = Linalg.threads, budget: Int = columnBudget) -> [Float] {
        let cg = c / group, mg = m / group
        let inCount = g.inputCount, out = g.outputCount
        let rows = mg * g.kernelCount
        let imageStride = c * inCount, outStride = m * out
        let chunk = max(1, min(n, budget / max((rows + cg) * inCount, 1)))
        let chunks = (n + chunk - 1) / chunk
        return uninitializedFloats(n * outStride) { y in
            guard n > 0, outStride > 0 else { return }
            nonisolated(unsafe) let py = y
            x.withBase { px in
                w.withBase { pw in
                    nonisolated(unsafe) let (px, pw) = (px, pw)
                    let columns = rows * chunk * inCount, gathered = chunk > 1 ? cg * chunk * inCount : 0
                    let work = {
                        WorkQueue.run(count: chunks, workers: workers) { queue in
                            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(columns + gathered, 1)) { buffer in
                                let col = buffer.baseAddress!, gather = col + columns
                                while let index = queue.take() {
                                    let start = index * chunk, images = min(chunk, n - start), ld = images * inCount
                                    let yc = py + start * outStride
                                    for i in 0..<images {
                                        for ch in 0..<m {
                                            (yc + i * outStride + ch * out).update(repeating: bias?[ch] ?? 0, count: out)
                                        }
                                    }
                                    for gi in 0..<group {
                                        // X_g of the chunk as one cg × (images · IN) matrix.
                                        var xg = px + start * imageStride + gi * cg * inCount
                                        if images > 1 {
                                            for ch in 0..<cg {
                                                for i in 0..<images {
                                                    (gather + ch * ld + i * inCount).update(from: xg + i * imageStride + ch * inCount,
                                                                                              count: inCount)
                                                }
                                            }
                                            xg = UnsafePointer(gather)
                                        }
                                        // col[rows × (images · IN)] = W_gᵀ (W_g is cg × rows) · X_g
                                        Linalg.sgemm(transA: true, m: rows, n: ld, k: cg, a: pw + gi * cg * rows, lda: rows,
                                                     b: xg, ldb: ld, c: col, ldc: ld)
                                        Im2Col.fold(col, images: images, channels: mg, g: g, into: yc + gi * mg * out,
                                                    imageStride: outStride)
                                    }
                                    activation?.apply(yc, count: images * outStride)
                                }
                            }
                        }
                    }
                    if workers > 1 && chunks > 1 { Linalg.singleThreaded(work) } else { work() }
                }
            }
        }
    }
}
