/// The 2-D im2col without an offset table or a padded copy: each column row is built output row by output row, the
/// padding written as zeros at both ends and the inside copied straight from the input row (a plain copy at stride
/// 1, a strided read otherwise). Same layout as `Im2Col.unfold`, which stays the general path and the reference.
enum Im2ColPlanar {
    /// The output columns of one kernel column `kj` whose input column falls inside the image: `lo..<hi`.
    struct ColumnRange {
        let lo: Int
        let hi: Int
        /// Input column read at output column 0 (may be negative; only read from `lo` on).
        let first: Int
    }

    static func columnRanges(_ g: WindowGeometry) -> [ColumnRange] {
        let width = g.input[1], outWidth = g.output[1], sw = g.strides[1]
        return (0..<g.kernel[1]).map { kj in
            let first = kj * g.dilations[1] - g.padBegin[1]
            // ow·sw + first ∈ [0, width)
            let lo = first >= 0 ? 0 : (-first + sw - 1) / sw
            let hi = first >= width ? 0 : min(outWidth, (width - 1 - first) / sw + 1)
            return ColumnRange(lo: min(lo, outWidth), hi: max(hi, min(lo, outWidth)), first: first)
        }
    }

    /// Unfolds `images` consecutive images of `channels` planes (2-D geometry) into `col`, `ld = images · OUT`.
    static func unfold(_ x: UnsafePointer<Float>, imageStride: Int, images: Int, channels: Int, geometry g: WindowGeometry,
                       ranges: [ColumnRange], into col: UnsafeMutablePointer<Float>) {
        let height = g.input[0], width = g.input[1], outHeight = g.output[0], outWidth = g.output[1]
        let kh = g.kernel[0], kw = g.kernel[1], sh = g.strides[0], sw = g.strides[1], dh = g.dilations[0]
        let out = outHeight * outWidth, ld = images * out, planeCount = height * width
        ranges.withUnsafeBufferPointer { ranges in
            for b in 0..<images {
                for c in 0..<channels {
                    let plane = x + b * imageStride + c * planeCount
                    for ki in 0..<kh {
                        let rowOffset = ki * dh - g.padBegin[0]
                        for kj in 0..<kw {
                            let range = ranges[kj]
                            let dst = col + ((c * kh + ki) * kw + kj) * ld + b * out
                            for oh in 0..<outHeight {
                                let d = dst + oh * outWidth
                                let ih = oh * sh + rowOffset
                                guard ih >= 0 && ih < height else { zero(d, from: 0, to: outWidth); continue }
                                zero(d, from: 0, to: range.lo)
                                let src = plane + ih * width + range.first
                                if sw == 1 {
                                    (d + range.lo).update(from: src + range.lo, count: range.hi - range.lo)
                                } else if sw == 2 {
                                    gatherEven(src, into: d, from: range.lo, to: range.hi, end: planeCount - ih * width - range.first)
                                } else {
                                    var ow = range.lo
                                    while ow < range.hi { d[ow] = src[ow &* sw]; ow &+= 1 }
                                }
                                zero(d, from: range.hi, to: outWidth)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `d[ow] = src[2·ow]` for `ow` in `lo..<hi`, four at a time from eight contiguous floats (their even lanes)
    /// while those eight stay before `end` (the end of the input plane: the odd lane past the row may read the next
    /// row, never past the plane), then one at a time.
    @inline(__always)
    static func gatherEven(_ src: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>, from lo: Int, to hi: Int,
                           end: Int) {
        var ow = lo
        while ow &+ 4 <= hi && 2 &* ow &+ 8 <= end {
            let v = UnsafeRawPointer(src + 2 &* ow).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(d + ow).storeBytes(of: v.evenHalf, as: SIMD4<Float>.self)
            ow &+= 4
        }
        while ow < hi { d[ow] = src[2 &* ow]; ow &+= 1 }
    }

    /// `d[lo..<hi] = 0` in place: the padding runs are a few floats, for which a `memset` call costs more.
    @inline(__always)
    static func zero(_ d: UnsafeMutablePointer<Float>, from lo: Int, to hi: Int) {
        var i = lo
        while i < hi { d[i] = 0; i &+= 1 }
    }
}
