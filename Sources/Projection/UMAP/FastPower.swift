/// `x^y` over eight lanes for the layout's curve, as `2^(y·log₂ x)` from short polynomials (relative error
/// about 10⁻⁶).
///
/// The layout evaluates it billions of times at a million points. The library `powf` costs several times more
/// and is one value at a time. This uses only the `SIMD8` operations that compile to vector instructions (SSE2
/// suffices): arithmetic, bit casts, bitwise operations and shifts. `replacing`, `clamped`, float-to-integer
/// rounding and, inside large functions, even comparisons with a constant compiled to lane-by-lane loops through
/// memory; lanes are chosen by `SIMD8.select` over comparisons of two computed vectors instead. The same bits come out on every platform.
enum FastPower {
    /// `x^y` for positive normal `x` (other lanes give unspecified values).
    @inline(__always)
    static func pow(_ x: SIMD8<Float>, _ y: Float) -> SIMD8<Float> {
        exp2(y * log2(x))
    }

    /// log₂ x for positive normal x.
    @inline(__always)
    static func log2(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x, to: SIMD8<Int32>.self)
        let mantissa = bits & 0x7F_FFFF
        // the mantissa in [√½, √2): above √2 (0x3504F3) it is halved and the exponent raised by one; `high` is 1
        // there, by carry rather than by a comparison
        let high = (mantissa &+ 0x4A_FB0C) &>> 23
        let exponent = SIMD8<Float>((bits &>> 23) &- 127 &+ high)
        let m = unsafeBitCast(mantissa | (0x3F80_0000 &- (high &<< 23)), to: SIMD8<Float>.self)
        // log m = 2·atanh t, t = (m − 1)/(m + 1), |t| ≤ 0.172
        let t = (m - 1) / (m + 1), t2 = t * t
        var series = t2 * Float(2.0 / 7) + Float(2.0 / 5)
        series = series * t2 + Float(2.0 / 3)
        series = (series * t2 + 2) * t
        return exponent + series * Float(1.442_695_04)
    }

    /// 2^y, clamped to the normal float range.
    @inline(__always)
    static func exp2(_ y: SIMD8<Float>) -> SIMD8<Float> {
        let top = SIMD8<Float>(repeating: 125)
        let clamped = SIMD8.select(y .> top, top, SIMD8.select(y .< -top, -top, y))
        // the nearest integer by the 1.5·2²³ trick: its bits hold it, and f = y − i ∈ [−½, ½]
        let shifted = clamped + 12_582_912
        let whole = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let z = (clamped - (shifted - 12_582_912)) * Float(0.693_147_18)
        // 2^f = e^z
        var e = z * Float(1.0 / 720) + Float(1.0 / 120)
        e = e * z + Float(1.0 / 24)
        e = e * z + Float(1.0 / 6)
        e = e * z + 0.5
        e = e * z + 1
        e = e * z + 1
        return unsafeBitCast((whole &+ 127) &<< 23, to: SIMD8<Float>.self) * e
    }
}

extension SIMD8 where Scalar == Float {
    /// `a` in the lanes where `mask` is true, `b` elsewhere, by bit operations.
    @inline(__always)
    static func select(_ mask: SIMDMask<SIMD8<Int32>>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        let m = unsafeBitCast(mask, to: SIMD8<UInt32>.self)
        return unsafeBitCast((unsafeBitCast(a, to: SIMD8<UInt32>.self) & m) | (unsafeBitCast(b, to: SIMD8<UInt32>.self) & ~m),
                             to: SIMD8<Float>.self)
    }
}
