import Foundation

/// A mixed-radix (2, 3, 4, 5) complex FFT of length `n` along the first axis of an `n × width` array of split
/// real and imaginary parts (row-major), every column transformed at once.
///
/// Stockham's autosort form, decimation in frequency: each stage of radix r reads `x[q + s(p + t·m)]` and writes
/// `y[q + s(r·p + u)] = ω_n^{pu} Σ_t x[q + s(p + t·m)] ω_r^{tu}` (m = n / (r·s)), so the output needs no bit
/// reversal. For a fixed (p, t) the `s` elements q are consecutive rows, so the inner loops run over contiguous
/// memory. Columns never mix, so workers split the columns and the result does not depend on how many there are.
struct FFTPlan: Sendable {
    let n: Int
    /// Radices in the order the stages use them.
    let radices: [Int]

    /// A plan for length `n`, which must factor into 2, 3 and 5.
    init(_ n: Int) {
        precondition(n >= 1 && FFTPlan.isSmooth(n), "FFT length \(n) is not a product of 2, 3 and 5")
        self.n = n
        var rest = n, radices: [Int] = []
        for r in [4, 2, 3, 5] { while rest % r == 0 { radices.append(r); rest /= r } }
        self.radices = radices
    }

    /// Whether `n` has no prime factor above 5.
    static func isSmooth(_ n: Int) -> Bool {
        var n = n
        for p in [2, 3, 5] { while n > 1 && n % p == 0 { n /= p } }
        return n == 1
    }

    /// The smallest length of at least `n` that factors into 2, 3 and 5.
    static func smoothLength(atLeast n: Int) -> Int {
        var m = max(1, n)
        while !isSmooth(m) { m += 1 }
        return m
    }

    /// Transforms columns `columns` of the `n × width` array (`re`, `im`) in place (`inverse`: the conjugate
    /// transform, unscaled). `scratch` holds two arrays of `n × width` doubles.
    func transform(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>, width: Int,
                   columns: Range<Int>, inverse: Bool,
                   scratchRe: UnsafeMutablePointer<Double>, scratchIm: UnsafeMutablePointer<Double>) {
        guard n > 1 else { return }
        let sign: Double = inverse ? 1 : -1
        var (xr, xi, yr, yi) = (re, im, scratchRe, scratchIm)
        var s = 1
        var length = n
        for r in radices {
            let m = length / r
            // ω_r^{tu} for this radix
            var cr = [Double](repeating: 0, count: r * r), ci = cr
            for t in 0..<r { for u in 0..<r {
                let a = sign * 2 * Double.pi * Double((t * u) % r) / Double(r)
                cr[t * r + u] = cos(a); ci[t * r + u] = sin(a)
            } }
            cr.withUnsafeBufferPointer { crb in
                ci.withUnsafeBufferPointer { cib in
                    Self.stage(r: r, m: m, s: s, length: length, sign: sign, width: width, columns: columns,
                               xr: xr, xi: xi, yr: yr, yi: yi, cr: crb.baseAddress!, ci: cib.baseAddress!)
                }
            }
            swap(&xr, &yr); swap(&xi, &yi)
            s *= r
            length = m
        }
        if xr != re {
            for e in 0..<n {
                let row = e * width
                for c in columns { re[row + c] = xr[row + c]; im[row + c] = xi[row + c] }
            }
        }
    }

    /// One radix-r stage from x to y.
    @inline(__always)
    private static func stage(r: Int, m: Int, s: Int, length: Int, sign: Double, width: Int, columns: Range<Int>,
                              xr: UnsafeMutablePointer<Double>, xi: UnsafeMutablePointer<Double>,
                              yr: UnsafeMutablePointer<Double>, yi: UnsafeMutablePointer<Double>,
                              cr: UnsafePointer<Double>, ci: UnsafePointer<Double>) {
        let c0 = columns.lowerBound, cn = columns.count
        for p in 0..<m {
            // twiddles ω_length^{pu}
            var wr = (1.0, 1.0, 1.0, 1.0, 1.0), wi = (0.0, 0.0, 0.0, 0.0, 0.0)
            withUnsafeMutableBytes(of: &wr) { wrb in
                withUnsafeMutableBytes(of: &wi) { wib in
                    let a = wrb.bindMemory(to: Double.self), b = wib.bindMemory(to: Double.self)
                    for u in 0..<r {
                        let angle = sign * 2 * Double.pi * Double(p * u) / Double(length)
                        a[u] = cos(angle); b[u] = sin(angle)
                    }
                }
            }
            let twr = [wr.0, wr.1, wr.2, wr.3, wr.4], twi = [wi.0, wi.1, wi.2, wi.3, wi.4]
            for q in 0..<s {
                let inBase = q + s * p
                let outBase = q + s * r * p
                let ins = (0..<r).map { t in (inBase + s * t * m) * width + c0 }
                switch r {
                case 2:
                    let a = ins[0], b = ins[1]
                    let o0 = outBase * width + c0, o1 = (outBase + s) * width + c0
                    let w1r = twr[1], w1i = twi[1]
                    for c in 0..<cn {
                        let ar = xr[a + c], ai = xi[a + c], br = xr[b + c], bi = xi[b + c]
                        yr[o0 + c] = ar + br; yi[o0 + c] = ai + bi
                        let dr = ar - br, di = ai - bi
                        yr[o1 + c] = dr * w1r - di * w1i; yi[o1 + c] = dr * w1i + di * w1r
                    }
                case 4:
                    let a = ins[0], b = ins[1], e = ins[2], f = ins[3]
                    let o = (0..<4).map { u in (outBase + s * u) * width + c0 }
                    // ω_4 = ∓i
                    for c in 0..<cn {
                        let x0r = xr[a + c], x0i = xi[a + c], x1r = xr[b + c], x1i = xi[b + c]
                        let x2r = xr[e + c], x2i = xi[e + c], x3r = xr[f + c], x3i = xi[f + c]
                        let s02r = x0r + x2r, s02i = x0i + x2i, d02r = x0r - x2r, d02i = x0i - x2i
                        let s13r = x1r + x3r, s13i = x1i + x3i, d13r = x1r - x3r, d13i = x1i - x3i
                        // X0 = s02 + s13, X2 = s02 − s13, X1 = d02 + sign·i·d13, X3 = d02 − sign·i·d13
                        let y0r = s02r + s13r, y0i = s02i + s13i
                        let y2r = s02r - s13r, y2i = s02i - s13i
                        let y1r = d02r - sign * d13i, y1i = d02i + sign * d13r
                        let y3r = d02r + sign * d13i, y3i = d02i - sign * d13r
                        yr[o[0] + c] = y0r; yi[o[0] + c] = y0i
                        yr[o[1] + c] = y1r * twr[1] - y1i * twi[1]; yi[o[1] + c] = y1r * twi[1] + y1i * twr[1]
                        yr[o[2] + c] = y2r * twr[2] - y2i * twi[2]; yi[o[2] + c] = y2r * twi[2] + y2i * twr[2]
                        yr[o[3] + c] = y3r * twr[3] - y3i * twi[3]; yi[o[3] + c] = y3r * twi[3] + y3i * twr[3]
                    }
                default:
                    for u in 0..<r {
                        let o = (outBase + s * u) * width + c0
                        for c in 0..<cn {
                            var sr = 0.0, si = 0.0
                            for t in 0..<r {
                                let vr = xr[ins[t] + c], vi = xi[ins[t] + c]
                                let kr = cr[t * r + u], ki = ci[t * r + u]
                                sr += vr * kr - vi * ki
                                si += vr * ki + vi * kr
                            }
                            yr[o + c] = sr * twr[u] - si * twi[u]
                            yi[o + c] = sr * twi[u] + si * twr[u]
                        }
                    }
                }
            }
        }
    }
}
