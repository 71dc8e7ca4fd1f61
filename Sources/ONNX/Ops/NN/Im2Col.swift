/// Unfolds image patches into the columns of a matrix so a convolution becomes one matrix product.
///
/// For `images` consecutive images of `channels` channels, `col[(c·K + k) · ld + b · OUT + o]` is the input value under
/// kernel offset `k` of output position `o` of image `b` (zero in the padding), where K is the kernel size, OUT the
/// number of output positions and `ld = images · OUT`.
enum Im2Col {
    static func unfold(_ x: UnsafePointer<Float>, imageStride: Int, images: Int, channels: Int, g: WindowGeometry,
                       into col: UnsafeMutablePointer<Float>) {
        if g.input.count == 2 {
            unfold2D(x, imageStride: imageStride, images: images, channels: channels, g: g, into: col)
        } else {
            unfoldND(x, imageStride: imageStride, images: images, channels: channels, g: g, into: col)
        }
    }

    private static func unfold2D(_ x: UnsafePointer<Float>, imageStride: Int, images: Int, channels: Int, g: WindowGeometry,
                                 into col: UnsafeMutablePointer<Float>) {
        let (ih, iw) = (g.input[0], g.input[1]), (kh, kw) = (g.kernel[0], g.kernel[1])
        let (oh, ow) = (g.output[0], g.output[1]), (sh, sw) = (g.strides[0], g.strides[1])
        let (dh, dw) = (g.dilations[0], g.dilations[1]), (ph, pw) = (g.padBegin[0], g.padBegin[1])
        let out = oh * ow, ld = images * out
        for c in 0..<channels {
            for ky in 0..<kh {
                for kx in 0..<kw {
                    let row = col + ((c * kh + ky) * kw + kx) * ld
                    // Output columns whose input column is inside the image: ow_lo ..< ow_hi.
                    let offset = kx * dw - pw
                    var lo = 0
                    while lo < ow && lo * sw + offset < 0 { lo += 1 }
                    var hi = ow
                    while hi > lo && (hi - 1) * sw + offset >= iw { hi -= 1 }
                    for b in 0..<images {
                        let plane = x + b * imageStride + c * ih * iw
                        let dst0 = row + b * out
                        for y in 0..<oh {
                            let dst = dst0 + y * ow
                            let sy = y * sh + ky * dh - ph
                            if sy < 0 || sy >= ih {
                                dst.update(repeating: 0, count: ow)
                                continue
                            }
                            let src = plane + sy * iw + offset
                            if lo > 0 { dst.update(repeating: 0, count: lo) }
                            if sw == 1 {
                                if hi > lo { (dst + lo).update(from: src + lo, count: hi - lo) }
                            } else {
                                for xo in lo..<hi { dst[xo] = src[xo * sw] }
                            }
                            if hi < ow { (dst + hi).update(repeating: 0, count: ow - hi) }
                        }
                    }
                }
            }
        }
    }

    private static func unfoldND(_ x: UnsafePointer<Float>, imageStride: Int, images: Int, channels: Int, g: WindowGeometry,
                                 into col: UnsafeMutablePointer<Float>) {
        let rank = g.input.count
        let out = g.outputCount, kernelCount = g.kernelCount, inputCount = g.inputCount, ld = images * out
        let inStrides = contiguousStrides(g.input)
        var kpos = [Int](repeating: 0, count: rank)
        for k in 0..<kernelCount {
            // Kernel offset k as a multi-index.
            var r = k
            for d in stride(from: rank - 1, through: 0, by: -1) { kpos[d] = r % g.kernel[d]; r /= g.kernel[d] }
            // For each output position, the input offset (or -1 in the padding).
            var source = [Int](repeating: 0, count: out)
            var opos = [Int](repeating: 0, count: rank)
            for o in 0..<out {
                var s = 0
                var inside = true
                for d in 0..<rank {
                    let p = opos[d] * g.strides[d] + kpos[d] * g.dilations[d] - g.padBegin[d]
                    if p < 0 || p >= g.input[d] { inside = false; break }
                    s += p * inStrides[d]
                }
                source[o] = inside ? s : -1
                var d = rank - 1
                while d >= 0 { opos[d] += 1; if opos[d] < g.output[d] { break }; opos[d] = 0; d -= 1 }
            }
            for c in 0..<channels {
                let row = col + (c * kernelCount + k) * ld
                for b in 0..<images {
                    let plane = x + b * imageStride + c * inputCount
                    let dst = row + b * out
                    for o in 0..<out { let s = source[o]; dst[o] = s >= 0 ? plane[s] : 0 }
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
