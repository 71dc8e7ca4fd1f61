/// The 2-D im2col for images of several channels, through a channels-last copy of each image: with the channels of
/// a pixel side by side, one window row of a patch (`KW` pixels × `C` channels) is one contiguous run, so a patch is
/// `KH` copies instead of `C·KH·KW` short gathers. Patches are rows, `patches[o · K + (ki·KW + kj)·C + c]` for output
/// position `o` (K = KH·KW·C), which the product reads transposed against weights reordered the same way
/// (`reorderWeights`), so the product's output stays channels-first.
enum Im2ColChannelsLast {
    /// 2-D, one group, no dilation across columns (a window row must be contiguous) and no negative padding.
    static func applies(_ g: WindowGeometry, group: Int) -> Bool {
        g.input.count == 2 && group == 1 && g.dilations[1] == 1 && (g.padBegin + g.padEnd).allSatisfy { $0 >= 0 }
    }

    /// Extents of the zero-bordered channels-last copy of one image: rows, columns.
    static func paddedExtents(_ g: WindowGeometry) -> (rows: Int, columns: Int) {
        (g.input[0] + g.padBegin[0] + g.padEnd[0], g.input[1] + g.padBegin[1] + g.padEnd[1])
    }

    /// `W[M][C][KH][KW]` as `[M][KH][KW][C]`, the order of a patch row.
    static func reorderWeights(_ w: UnsafePointer<Float>, outChannels m: Int, channels c: Int, kernelCount k: Int) -> [Float] {
        uninitializedFloats(m * c * k) { out in
            for oc in 0..<m {
                let src = w + oc * c * k, dst = out + oc * c * k
                for ch in 0..<c { for kk in 0..<k { dst[kk &* c &+ ch] = src[ch &* k &+ kk] } }
            }
        }
    }

    /// Writes one image (`C×H×W`) into the inside of `padded` (`[rows][columns][C]`); the border is not touched
    /// (it stays as the caller zeroed it).
    static func transpose(_ x: UnsafePointer<Float>, channels c: Int, geometry g: WindowGeometry,
                          into padded: UnsafeMutablePointer<Float>) {
        typealias Four = SIMD4<Float>
        let height = g.input[0], width = g.input[1], columns = paddedExtents(g).columns, planeCount = height &* width
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> Four { UnsafeRawPointer(p).loadUnaligned(as: Four.self) }
        @inline(__always) func store(_ v: Four, _ p: UnsafeMutablePointer<Float>) {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: Four.self)
        }
        // Four channel planes at a time, each read front to back (four streams the prefetcher follows).
        var ch = 0
        while ch &+ 4 <= c {
            for ih in 0..<height {
                let row = padded + ((ih &+ g.padBegin[0]) &* columns &+ g.padBegin[1]) &* c
                let s0 = x + (ch &* planeCount &+ ih &* width), s1 = s0 + planeCount, s2 = s1 + planeCount, s3 = s2 + planeCount
                var iw = 0
                // Blocks of four channels × four columns, transposed in registers.
                while iw &+ 4 <= width {
                    let a = load(s0 + iw), b = load(s1 + iw), e = load(s2 + iw), d = load(s3 + iw)
                    let ab = SIMD8(lowHalf: a, highHalf: b), ed = SIMD8(lowHalf: e, highHalf: d)
                    let even = SIMD8(lowHalf: ab.evenHalf, highHalf: ed.evenHalf)
                    let odd = SIMD8(lowHalf: ab.oddHalf, highHalf: ed.oddHalf)
                    let dst = row + (iw &* c &+ ch)
                    store(even.evenHalf, dst)
                    store(odd.evenHalf, dst + c)
                    store(even.oddHalf, dst + 2 &* c)
                    store(odd.oddHalf, dst + 3 &* c)
                    iw &+= 4
                }
                while iw < width {
                    store(Four(s0[iw], s1[iw], s2[iw], s3[iw]), row + (iw &* c &+ ch))
                    iw &+= 1
                }
            }
            ch &+= 4
        }
        while ch < c {
            for ih in 0..<height {
                let row = padded + ((ih &+ g.padBegin[0]) &* columns &+ g.padBegin[1]) &* c
                let src = x + (ch &* planeCount &+ ih &* width)
                var iw = 0
                while iw < width { row[iw &* c &+ ch] = src[iw]; iw &+= 1 }
            }
            ch &+= 1
        }
    }

    /// The patches of one image from its channels-last copy: `OUT` rows of `K` floats at `patches`.
    static func unfold(_ padded: UnsafePointer<Float>, channels c: Int, geometry g: WindowGeometry,
                       into patches: UnsafeMutablePointer<Float>) {
        let outHeight = g.output[0], outWidth = g.output[1], kh = g.kernel[0]
        let sh = g.strides[0], sw = g.strides[1], dh = g.dilations[0]
        let columns = paddedExtents(g).columns
        let run = g.kernel[1] * c, rowLength = kh * run
        var dst = patches
        for oh in 0..<outHeight {
            for ow in 0..<outWidth {
                for ki in 0..<kh {
                    let src = padded + ((oh &* sh &+ ki &* dh) &* columns &+ ow &* sw) &* c
                    copy(src, to: dst + ki &* run, count: run)
                }
                dst += rowLength
            }
        }
    }

    /// A short copy eight floats at a time (a library call per run costs as much as the run).
    @inline(__always)
    static func copy(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i &+ 8 <= count {
            let v = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i &+= 8
        }
        while i < count { dst[i] = src[i]; i &+= 1 }
    }
}
