/// The radix-2, 3 and 4 butterflies of `FFTPlan`'s stages, written once for a lane type: `Float` for one column,
/// `SIMD4<Float>` for four neighbouring columns in one register.
protocol FFTLane {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func * (a: Self, b: Float) -> Self
    static func load(_ p: UnsafeMutablePointer<Float>) -> Self
    func store(_ p: UnsafeMutablePointer<Float>)
}

extension Float: FFTLane {
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> Float { p.pointee }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) { p.pointee = self }
}

extension SIMD4<Float>: FFTLane {
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD4<Float>.self)
    }
}

enum FFTButterfly {
    /// Input offsets of the butterfly's legs (a, b, e, f) and output offsets (o0…o3); unused legs are 0.
    struct Offsets {
        let a, b, e, f, o0, o1, o2, o3: Int
        @inline(__always) init(_ a: Int, _ b: Int, _ e: Int, _ f: Int, _ o0: Int, _ o1: Int, _ o2: Int, _ o3: Int) {
            (self.a, self.b, self.e, self.f, self.o0, self.o1, self.o2, self.o3) = (a, b, e, f, o0, o1, o2, o3)
        }
    }

    /// Twiddles ω¹, ω², ω³ of the outputs 1…3 (already conjugated for the inverse).
    struct Twiddles {
        let w1r, w1i, w2r, w2i, w3r, w3i: Float
        @inline(__always) init(_ w1r: Float, _ w1i: Float, _ w2r: Float, _ w2i: Float, _ w3r: Float, _ w3i: Float) {
            (self.w1r, self.w1i, self.w2r, self.w2i, self.w3r, self.w3i) = (w1r, w1i, w2r, w2i, w3r, w3i)
        }
    }

    @inline(__always)
    static func radix2<V: FFTLane>(_: V.Type, _ io: Offsets, _ w: Twiddles, _ c: Int,
                                   _ xr: UnsafeMutablePointer<Float>, _ xi: UnsafeMutablePointer<Float>,
                                   _ yr: UnsafeMutablePointer<Float>, _ yi: UnsafeMutablePointer<Float>) {
        let ar = V.load(xr + io.a + c), ai = V.load(xi + io.a + c)
        let br = V.load(xr + io.b + c), bi = V.load(xi + io.b + c)
        (ar + br).store(yr + io.o0 + c); (ai + bi).store(yi + io.o0 + c)
        let dr = ar - br, di = ai - bi
        (dr * w.w1r - di * w.w1i).store(yr + io.o1 + c); (dr * w.w1i + di * w.w1r).store(yi + io.o1 + c)
    }

    /// `sign`: −1 forward, +1 inverse.
    @inline(__always)
    static func radix4<V: FFTLane>(_: V.Type, _ io: Offsets, _ w: Twiddles, _ sign: Float, _ c: Int,
                                   _ xr: UnsafeMutablePointer<Float>, _ xi: UnsafeMutablePointer<Float>,
                                   _ yr: UnsafeMutablePointer<Float>, _ yi: UnsafeMutablePointer<Float>) {
        let x0r = V.load(xr + io.a + c), x0i = V.load(xi + io.a + c)
        let x1r = V.load(xr + io.b + c), x1i = V.load(xi + io.b + c)
        let x2r = V.load(xr + io.e + c), x2i = V.load(xi + io.e + c)
        let x3r = V.load(xr + io.f + c), x3i = V.load(xi + io.f + c)
        let s02r = x0r + x2r, s02i = x0i + x2i, d02r = x0r - x2r, d02i = x0i - x2i
        let s13r = x1r + x3r, s13i = x1i + x3i, d13r = x1r - x3r, d13i = x1i - x3i
        // X0 = s02 + s13, X2 = s02 − s13, X1 = d02 + sign·i·d13, X3 = d02 − sign·i·d13
        let y1r = d02r - d13i * sign, y1i = d02i + d13r * sign
        let y2r = s02r - s13r, y2i = s02i - s13i
        let y3r = d02r + d13i * sign, y3i = d02i - d13r * sign
        (s02r + s13r).store(yr + io.o0 + c); (s02i + s13i).store(yi + io.o0 + c)
        (y1r * w.w1r - y1i * w.w1i).store(yr + io.o1 + c); (y1r * w.w1i + y1i * w.w1r).store(yi + io.o1 + c)
        (y2r * w.w2r - y2i * w.w2i).store(yr + io.o2 + c); (y2r * w.w2i + y2i * w.w2r).store(yi + io.o2 + c)
        (y3r * w.w3r - y3i * w.w3i).store(yr + io.o3 + c); (y3r * w.w3i + y3i * w.w3r).store(yi + io.o3 + c)
    }

    /// `sign`: −1 forward, +1 inverse.
    @inline(__always)
    static func radix3<V: FFTLane>(_: V.Type, _ io: Offsets, _ w: Twiddles, _ sign: Float, _ c: Int,
                                   _ xr: UnsafeMutablePointer<Float>, _ xi: UnsafeMutablePointer<Float>,
                                   _ yr: UnsafeMutablePointer<Float>, _ yi: UnsafeMutablePointer<Float>) {
        let h = sign * 0.866_025_403_784_438_6 as Float   // sign · √3/2
        let x0r = V.load(xr + io.a + c), x0i = V.load(xi + io.a + c)
        let x1r = V.load(xr + io.b + c), x1i = V.load(xi + io.b + c)
        let x2r = V.load(xr + io.e + c), x2i = V.load(xi + io.e + c)
        let sr = x1r + x2r, si = x1i + x2i, dr = x1r - x2r, di = x1i - x2i
        let mr = x0r - sr * 0.5, mi = x0i - si * 0.5
        // X1 = m + sign·i·(√3/2)·d, X2 = m − sign·i·(√3/2)·d
        let y1r = mr - di * h, y1i = mi + dr * h, y2r = mr + di * h, y2i = mi - dr * h
        (x0r + sr).store(yr + io.o0 + c); (x0i + si).store(yi + io.o0 + c)
        (y1r * w.w1r - y1i * w.w1i).store(yr + io.o1 + c); (y1r * w.w1i + y1i * w.w1r).store(yi + io.o1 + c)
        (y2r * w.w2r - y2i * w.w2i).store(yr + io.o2 + c); (y2r * w.w2i + y2i * w.w2r).store(yi + io.o2 + c)
    }
}
