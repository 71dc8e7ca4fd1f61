/// `x^y` for the layout's curve, as `2^(y·log₂ x)` from short polynomials (relative error about 10⁻⁶).
///
/// The layout evaluates it billions of times at a million points. The library `powf` costs several times more,
/// and `rounded(.down)` becomes a library call without SSE4.1, so this takes the integer part by conversion; only
/// concrete `Float`/`Int32` operations, so the compiler can keep a batch of independent calls in flight (and
/// vectorise them). The same bits come out on every platform.
enum FastPower {
    /// `x^y` for positive normal `x`.
    @inline(__always)
    static func pow(_ x: Float, _ y: Float) -> Float {
        exp2(y * log2(x))
    }

    /// log₂ x for positive normal x.
    @inline(__always)
    static func log2(_ x: Float) -> Float {
        let bits = x.bitPattern
        let high: Bool = (bits & 0x7F_FFFF) > 0x35_04F3      // mantissa above √2: use [√½, 1) instead
        let exponent = Float(Int32(bitPattern: bits >> 23) - 127 + (high ? 1 : 0))
        let m = Float(bitPattern: (bits & 0x7F_FFFF) | (high ? 0x3F00_0000 : 0x3F80_0000))
        // log m = 2·atanh t, t = (m − 1)/(m + 1), |t| ≤ 0.172
        let t = (m - 1) / (m + 1), t2 = t * t
        var series: Float = t2 * (2.0 / 7) + 2.0 / 5
        series = series * t2 + 2.0 / 3
        series = (series * t2 + 2) * t
        return exponent + series * 1.442_695_04
    }

    /// 2^y, clamped to the normal float range.
    @inline(__always)
    static func exp2(_ y: Float) -> Float {
        let clamped = min(max(y, -125), 125)
        // the nearest integer i and f = y − i ∈ [−½, ½]; 2^f = e^z, z = f·ln 2
        let whole = Int32(clamped + (clamped >= 0 ? 0.5 : -0.5))
        let z = (clamped - Float(whole)) * 0.693_147_18
        var e: Float = z * (1.0 / 720) + 1.0 / 120
        e = e * z + 1.0 / 24
        e = e * z + 1.0 / 6
        e = e * z + 0.5
        e = e * z + 1
        e = e * z + 1
        return Float(bitPattern: UInt32(bitPattern: whole + 127) << 23) * e
    }
}
