/// Unfolds image patches into the columns of a matrix so a convolution becomes one matrix product.
///
/// For `images` consecutive images of `channels` channels, `col[(c·K + k) · ld + b · OUT + o]` is the input value under
/// kernel offset `k` of output position `o` of image `b` (zero in the padding), where K is the kernel size, OUT the
/// number of output positions and `ld = images · OUT`.
enum Im2Col {
    /// Where each column element comes from, computed once per call: offsets into a zero-padded copy of one input
    /// plane (the input plane itself when there is no padding).
    struct Table {
        let geometry: WindowGeometry
        /// Extents of the padded plane.
        let padded: [Int]
        let paddedCount: Int
        let needsPadding: Bool
        /// `offsets[k · OUT + o]`: the padded-plane offset read for kernel offset k at output position o.
        let offsets: [Int32]

        init(_ g: WindowGeometry) {
            geometry = g
            let rank = g.input.count
            padded = (0..<rank).map { g.input[$0] + g.padBegin[$0] + max(g.padEnd[$0], 0) }
            paddedCount = padded.reduce(1, *)
            needsPadding = padded != g.input
            let strides = contiguousStrides(padded)
            let out = g.outputCount, kernelCount = g.kernelCount
            var table = [Int32](repeating: 0, count: kernelCount * out)
            var kpos = [Int](repeating: 0, count: rank), opos = [Int](repeating: 0, count: rank)
            for k in 0..<kernelCount {
                var r = k
                for d in stride(from: rank - 1, through: 0, by: -1) { kpos[d] = r % g.kernel[d]; r /= g.kernel[d] }
                var kernelOffset = 0
                for d in 0..<rank { kernelOffset += kpos[d] * g.dilations[d] * strides[d] }
                for d in 0..<rank { opos[d] = 0 }
                for o in 0..<out {
                    var offset = kernelOffset
                    for d in 0..<rank { offset += opos[d] * g.strides[d] * strides[d] }
                    table[k * out + o] = Int32(offset)
                    var d = rank - 1
                    while d >= 0 { opos[d] += 1; if opos[d] < g.output[d] { break }; opos[d] = 0; d -= 1 }
                }
            }
            offsets = table
        }

        /// Copies one input plane into `scratch` with its zero border.
        func pad(_ plane: UnsafePointer<Float>, into scratch: UnsafeMutablePointer<Float>) {
            let g = geometry
            let rank = g.input.count
            scratch.update(repeating: 0, count: paddedCount)
            let rowLength = g.input[rank - 1]
            let rows = g.inputCount / max(rowLength, 1)
            let paddedStrides = contiguousStrides(padded)
            var index = [Int](repeating: 0, count: max(rank - 1, 0))
            for row in 0..<rows {
                var offset = g.padBegin[rank - 1]
                for d in 0..<(rank - 1) { offset += (index[d] + g.padBegin[d]) * paddedStrides[d] }
                (scratch + offset).update(from: plane + row * rowLength, count: rowLength)
                var d = rank - 2
                while d >= 0 { index[d] += 1; if index[d] < g.input[d] { break }; index[d] = 0; d -= 1 }
            }
        }
    }

    /// Unfolds `images` consecutive images of `channels` channels into `col` (see the type's description);
    /// `scratch` must hold `table.paddedCount` floats.
    static func unfold(_ x: UnsafePointer<Float>, imageStride: Int, images: Int, channels: Int, table: Table,
                       scratch: UnsafeMutablePointer<Float>, into col: UnsafeMutablePointer<Float>) {
        let g = table.geometry
        let out = g.outputCount, kernelCount = g.kernelCount, inCount = g.inputCount, ld = images * out
        table.offsets.withUnsafeBufferPointer { offsets in
            let idx = offsets.baseAddress!
            for b in 0..<images {
                for c in 0..<channels {
                    var plane = x + b * imageStride + c * inCount
                    if table.needsPadding {
                        table.pad(plane, into: scratch)
                        plane = UnsafePointer(scratch)
                    }
                    for k in 0..<kernelCount {
                        let dst = col + (c * kernelCount + k) * ld + b * out
                        let src = idx + k * out
                        for o in 0..<out { dst[o] = plane[Int(src[o])] }
                    }
                }
            }
        }
    }

    /// The inverse scatter: adds `col[(m·K + k) · ld + b · IN + i]` into output images at the positions a transposed
    /// convolution maps input position `i` and kernel offset `k` to (`o = i·stride − pad + k·dilation`).
    static func fold(_ col: UnsafePointer<Float>, images: Int, channels: Int, g: WindowGeometry,
                     into y: UnsafeMutablePointer<Float>, imageStride: Int) {
        // Here g.input is the transposed convolution's input, g.output its output.
        let rank = g.input.count
        let inCount = g.inputCount, kernelCount = g.kernelCount, outCount = g.outputCount, ld = images * inCount
        let outStrides = contiguousStrides(g.output)
        var kpos = [Int](repeating: 0, count: rank)
        var target = [Int](repeating: 0, count: inCount)
        var ipos = [Int](repeating: 0, count: rank)
        for k in 0..<kernelCount {
            var r = k
            for d in stride(from: rank - 1, through: 0, by: -1) { kpos[d] = r % g.kernel[d]; r /= g.kernel[d] }
            for d in 0..<rank { ipos[d] = 0 }
            for i in 0..<inCount {
                var t = 0
                var inside = true
                for d in 0..<rank {
                    let p = ipos[d] * g.strides[d] + kpos[d] * g.dilations[d] - g.padBegin[d]
                    if p < 0 || p >= g.output[d] { inside = false; break }
                    t += p * outStrides[d]
                }
                target[i] = inside ? t : -1
                var d = rank - 1
                while d >= 0 { ipos[d] += 1; if ipos[d] < g.input[d] { break }; ipos[d] = 0; d -= 1 }
            }
            for m in 0..<channels {
                let row = col + (m * kernelCount + k) * ld
                for b in 0..<images {
                    let src = row + b * inCount
                    let dst = y + b * imageStride + m * outCount
                    for i in 0..<inCount { let t = target[i]; if t >= 0 { dst[t] += src[i] } }
                }
            }
        }
    }
}
