/// `exp` over eight float lanes at once (SSE code on baseline x86-64, where the scalar `expf` is a call per element),
/// and the logistic function and tanh built on it. Cephes' single-precision range reduction and polynomial: relative
/// error about 2e-7 inside [−87.34, 88], infinity above 88.72 and zero below −103.97 as libm's expf, between those
/// the value at the nearer end of that interval (1.7e38 or 1.2e-38); NaN stays NaN.
/// `Activation.callAsFunction` (the libm functions) is the reference `VectorExpTests` compares against.
enum VectorExp {
    typealias Lanes = SIMD8<Float>

    @inline(__always)
    static func exp(_ value: Lanes) -> Lanes {
        var x = value
        // Comparisons with NaN are false, so NaN lanes pass through the clamps unchanged.
        x.replace(with: Lanes(repeating: 88.0), where: x .> 88.0)
        x.replace(with: Lanes(repeating: -87.3365447505531), where: x .< -87.3365447505531)
        // n = round(x / ln 2) by the 1.5 · 2²³ trick (no rounding instruction in SSE2); its low bits are n.
        let magic = Lanes(repeating: 12_582_912)
        let shifted = x * 1.44269504088896341 + magic
        let n = shifted - magic
        var r = x - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p = Lanes(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * (r * r) + r + 1
        // 2ⁿ from n's bits: (n + 127) << 23, n taken from the low mantissa bits of `shifted`.
        let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
        let scale = unsafeBitCast(bits &<< 23, to: Lanes.self)
        // Beyond the clamps, what libm's expf gives: infinity above its range, zero below it.
        return (p * scale).replacing(with: .infinity, where: value .> 88.72283).replacing(with: 0, where: value .< -103.97)
    }

    /// 1 / (1 + e^−x).
    @inline(__always)
    static func logistic(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }

    /// 1 − 2 / (1 + e^2x); below |x| = 1/256 the series x − x³/3, where the difference would lose digits.
    @inline(__always)
    static func tanh(_ x: Lanes) -> Lanes {
        var y = 1 - 2 / (1 + exp(x + x))
        let series = x - x * x * x * (1.0 / 3.0)
        let small = (x .> -0.00390625) .& (x .< 0.00390625)
        y.replace(with: series, where: small)
        return y
    }

    /// Applies `f` to `count` floats from `src` into `dst` (which may be `src`), eight at a time, the tail through a
    /// zero-padded block.
    @inline(__always)
    static func map(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count n: Int, _ f: (Lanes) -> Lanes) {
        var i = 0
        while i + 8 <= n {
            let v = UnsafeRawPointer(src + i).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(dst + i).storeBytes(of: f(v), as: Lanes.self)
            i += 8
        }
        guard i < n else { return }
        var v = Lanes(repeating: 0)
        for j in 0..<(n - i) { v[j] = src[i + j] }
        let y = f(v)
        for j in 0..<(n - i) { dst[i + j] = y[j] }
    }

    /// `x = src + offset; dst = x < 0 ? slope · x : x` (ReLU at slope 0, where −∞ gives 0, LeakyReLU, a bias alone
    /// at slope 1), written out rather than through `map`, whose closure the compiler does not always inline.
    @inline(__always)
    static func rectify(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count n: Int, adding offset: Float,
                        slope: Float) {
        var i = 0
        if slope == 0 {
            while i &+ 8 <= n {
                let x = UnsafeRawPointer(src + i).loadUnaligned(as: Lanes.self) + offset
                UnsafeMutableRawPointer(dst + i).storeBytes(of: x.replacing(with: 0, where: x .< 0), as: Lanes.self)
                i &+= 8
            }
            while i < n { let x = src[i] + offset; dst[i] = x < 0 ? 0 : x; i &+= 1 }
            return
        }
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(src + i).loadUnaligned(as: Lanes.self) + offset
            UnsafeMutableRawPointer(dst + i).storeBytes(of: x.replacing(with: x * slope, where: x .< 0), as: Lanes.self)
            i &+= 8
        }
        while i < n { let x = src[i] + offset; dst[i] = x < 0 ? slope * x : x; i &+= 1 }
    }
}
