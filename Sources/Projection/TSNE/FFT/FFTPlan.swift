import Foundation

/// A mixed-radix (2, 3, 4, 5) complex FFT of length `n` along the first axis of an `n × width` array of split
/// real and imaginary parts (row-major, single precision), every column transformed at once.
///
/// Stockham's autosort form, decimation in frequency: each stage of radix r reads `x[q + s(p + t·m)]` and writes
/// `y[q + s(r·p + u)] = ω_n^{pu} Σ_t x[q + s(p + t·m)] ω_r^{tu}` (m = n / (r·s)), so the output needs no bit
/// reversal. For a fixed (p, t) the `s` elements q are consecutive rows, so the inner loops run over contiguous
/// memory. Columns never mix, so workers split the columns and the result does not depend on how many there are.
struct FFTPlan: Sendable {
    let n: Int
    /// Radices in the order the stages use them.
    let radices: [Int]
    /// Per stage, forward twiddles ω_length^{pu} (m × r, row p), real and imaginary parts.
    private let twiddleRe: [[Float]], twiddleIm: [[Float]]
    /// Per stage, the forward radix-r DFT matrix ω_r^{tu} (r × r) for the general butterfly.
    private let butterflyRe: [[Float]], butterflyIm: [[Float]]

    /// A plan for length `n`, which must factor into 2, 3 and 5.
    init(_ n: Int) {
        precondition(n >= 1 && FFTPlan.isSmooth(n), "FFT length \(n) is not a product of 2, 3 and 5")
        self.n = n
        var rest = n, radices: [Int] = []
        for r in [4, 2, 3, 5] { while rest % r == 0 { radices.append(r); rest /= r } }
        self.radices = radices
        var twr: [[Float]] = [], twi: [[Float]] = []
        var bfr: [[Float]] = [], bfi: [[Float]] = []
        var length = n
        for r in radices {
            var cr = [Float](repeating: 0, count: r * r), ci = cr
            for t in 0..<r { for u in 0..<r {
                let a = -2 * Double.pi * Double((t * u) % r) / Double(r)
                cr[t * r + u] = Float(cos(a)); ci[t * r + u] = Float(sin(a))
            } }
            bfr.append(cr); bfi.append(ci)
            let m = length / r
            var a = [Float](repeating: 0, count: m * r), b = a
            for p in 0..<m { for u in 0..<r {
                let angle = -2 * Double.pi * Double(p * u) / Double(length)
                a[p * r + u] = Float(cos(angle)); b[p * r + u] = Float(sin(angle))
            } }
            twr.append(a); twi.append(b)
            length = m
        }
        twiddleRe = twr
        twiddleIm = twi
        butterflyRe = bfr
        butterflyIm = bfi
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

    /// Whether `n` is a product of 2s and 3s only (the radices with butterflies of their own; the general
    /// radix-5 stage is several times slower per element).
    static func isFast(_ n: Int) -> Bool {
        var n = n
        for p in [2, 3] { while n > 1 && n % p == 0 { n /= p } }
        return n == 1
    }

    /// The smallest length of at least `n` that is a product of 2s and 3s.
    static func fastLength(atLeast n: Int) -> Int {
        var m = max(1, n)
        while !isFast(m) { m += 1 }
        return m
    }

    /// Columns per block of `transformBlocked`: 32 columns (two cache lines of a row in single precision) of a
    /// 1,024-row array and the scratch take 512 KB. In double precision 32 columns took 23.5 s of CPU against
    /// 32.5 s with 16 on Fashion-MNIST 10,000; in single precision one t-SNE iteration at 70,000 points
    /// (`latent bench --only projection.gradient --threads 1`, three alternating runs each on a busy machine)
    /// took 279–332 ms with 32 against 349–439 ms with 16.
    static let blockColumns = 32

    /// Transforms columns `columns` of the `n × width` array in blocks of `blockColumns`, each block through
    /// every stage before the next starts (the whole range at once streams the array through memory per stage).
    func transformBlocked(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, width: Int,
                          columns: Range<Int>, inverse: Bool,
                          scratchRe: UnsafeMutablePointer<Float>, scratchIm: UnsafeMutablePointer<Float>) {
        var c = columns.lowerBound
        while c < columns.upperBound {
            let end = min(columns.upperBound, c + Self.blockColumns)
            transform(re: re, im: im, width: width, columns: c..<end, inverse: inverse,
                      scratchRe: scratchRe, scratchIm: scratchIm)
            c = end
        }
    }

    /// Transforms columns `columns` of the `n × width` array (`re`, `im`) in place (`inverse`: the conjugate
    /// transform, unscaled). `scratch` holds two arrays of `n × width` doubles.
    func transform(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, width: Int,
                   columns: Range<Int>, inverse: Bool,
                   scratchRe: UnsafeMutablePointer<Float>, scratchIm: UnsafeMutablePointer<Float>) {
        guard n > 1 else { return }
        let sign: Float = inverse ? 1 : -1
        var (xr, xi, yr, yi) = (re, im, scratchRe, scratchIm)
        var s = 1
        var length = n
        for (stageIndex, r) in radices.enumerated() {
            let m = length / r
            butterflyRe[stageIndex].withUnsafeBufferPointer { crb in
                butterflyIm[stageIndex].withUnsafeBufferPointer { cib in
                    twiddleRe[stageIndex].withUnsafeBufferPointer { twr in
                        twiddleIm[stageIndex].withUnsafeBufferPointer { twi in
                            Self.stage(r: r, m: m, s: s, sign: sign, width: width, columns: columns,
                                       xr: xr, xi: xi, yr: yr, yi: yi, cr: crb.baseAddress!, ci: cib.baseAddress!,
                                       twr: twr.baseAddress!, twi: twi.baseAddress!)
                        }
                    }
                }
            }
            swap(&xr, &yr); swap(&xi, &yi)
            s *= r
            length = m
        }
        if xr != re {
            let c0 = columns.lowerBound, cn = columns.count
            for e in 0..<n {
                let at = e * width + c0
                (re + at).update(from: xr + at, count: cn)
                (im + at).update(from: xi + at, count: cn)
            }
        }
    }

    /// One radix-r stage from x to y (`twr`/`twi`: the forward twiddles, `cr`/`ci` the forward DFT matrix, both
    /// conjugated here for the inverse). Radices 2, 3 and 4 run four columns at a time in SIMD registers (the plain
    /// loops were not vectorised: scalar loads and multiplies with spills), the last few columns one by one.
    @inline(__always)
    private static func stage(r: Int, m: Int, s: Int, sign: Float, width: Int, columns: Range<Int>,
                              xr: UnsafeMutablePointer<Float>, xi: UnsafeMutablePointer<Float>,
                              yr: UnsafeMutablePointer<Float>, yi: UnsafeMutablePointer<Float>,
                              cr: UnsafePointer<Float>, ci: UnsafePointer<Float>,
                              twr: UnsafePointer<Float>, twi: UnsafePointer<Float>) {
        let c0 = columns.lowerBound, cn = columns.count
        let conj = -sign   // +1 forward (table as is), −1 inverse
        let vectors = cn & ~3
        for p in 0..<m {
            let tr = twr + p * r, ti = twi + p * r
            for q in 0..<s {
                let inBase = q + s * p
                let outBase = q + s * r * p
                @inline(__always) func input(_ t: Int) -> Int { (inBase + s * t * m) * width + c0 }
                @inline(__always) func output(_ u: Int) -> Int { (outBase + s * u) * width + c0 }
                switch r {
                case 2:
                    let io = FFTButterfly.Offsets(input(0), input(1), 0, 0, output(0), output(1), 0, 0)
                    let w = FFTButterfly.Twiddles(tr[1], conj * ti[1], 0, 0, 0, 0)
                    var c = 0
                    while c < vectors { FFTButterfly.radix2(SIMD4<Float>.self, io, w, c, xr, xi, yr, yi); c += 4 }
                    while c < cn { FFTButterfly.radix2(Float.self, io, w, c, xr, xi, yr, yi); c += 1 }
                case 4:
                    let io = FFTButterfly.Offsets(input(0), input(1), input(2), input(3),
                                                  output(0), output(1), output(2), output(3))
                    let w = FFTButterfly.Twiddles(tr[1], conj * ti[1], tr[2], conj * ti[2], tr[3], conj * ti[3])
                    var c = 0
                    while c < vectors { FFTButterfly.radix4(SIMD4<Float>.self, io, w, sign, c, xr, xi, yr, yi); c += 4 }
                    while c < cn { FFTButterfly.radix4(Float.self, io, w, sign, c, xr, xi, yr, yi); c += 1 }
                case 3:
                    let io = FFTButterfly.Offsets(input(0), input(1), input(2), 0, output(0), output(1), output(2), 0)
                    let w = FFTButterfly.Twiddles(tr[1], conj * ti[1], tr[2], conj * ti[2], 0, 0)
                    var c = 0
                    while c < vectors { FFTButterfly.radix3(SIMD4<Float>.self, io, w, sign, c, xr, xi, yr, yi); c += 4 }
                    while c < cn { FFTButterfly.radix3(Float.self, io, w, sign, c, xr, xi, yr, yi); c += 1 }
                default:
                    for u in 0..<r {
                        let o = output(u)
                        let wr = tr[u], wi = conj * ti[u]
                        for c in 0..<cn {
                            var sr: Float = 0, si: Float = 0
                            for t in 0..<r {
                                let at = input(t) + c
                                let vr = xr[at], vi = xi[at]
                                let kr = cr[t * r + u], ki = conj * ci[t * r + u]
                                sr += vr * kr - vi * ki
                                si += vr * ki + vi * kr
                            }
                            yr[o + c] = sr * wr - si * wi
                            yi[o + c] = sr * wi + si * wr
                        }
                    }
                }
            }
        }
    }
}
