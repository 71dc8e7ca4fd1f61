/// The implicit QL algorithm with Wilkinson shifts for a symmetric tridiagonal matrix.
enum TridiagonalQL {
    /// Overwrites `diagonal` with the eigenvalues (unsorted) of the tridiagonal matrix with the given diagonal and
    /// first off-diagonal; when `vectors` is given (an `n × n` row-major matrix, usually the identity), applies
    /// every rotation to its rows, so that row `i` ends as the eigenvector of eigenvalue `diagonal[i]`.
    ///
    /// Never loops forever: a block that has not converged after 60 sweeps per eigenvalue is accepted as is
    /// (this does not happen for finite input).
    static func solve(diagonal d: inout [Double], offDiagonal: [Double], vectors: UnsafeMutablePointer<Double>? = nil) {
        let n = d.count
        guard n > 1 else { return }
        // e[i] couples i and i+1; e[n−1] = 0 is a sentinel.
        var e = offDiagonal + [0]
        let eps = Double.ulpOfOne
        for l in 0..<n {
            var sweeps = 0
            while true {
                var m = l
                while m < n - 1 {
                    let dd = abs(d[m]) + abs(d[m + 1])
                    if abs(e[m]) <= eps * dd { break }
                    m += 1
                }
                if m == l || sweeps >= 60 { break }
                sweeps += 1
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = hypot1(g)
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var underflow = false
                while i >= l {
                    let f = s * e[i], b = c * e[i]
                    r = (f * f + g * g).squareRoot()
                    e[i + 1] = r
                    if r == 0 {
                        d[i + 1] -= p
                        e[m] = 0
                        underflow = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    if let z = vectors { rotate(z + i * n, z + (i + 1) * n, n, c: c, s: s) }
                    i -= 1
                }
                if underflow { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
    }

    /// √(1 + x²) without overflow.
    @inline(__always)
    private static func hypot1(_ x: Double) -> Double {
        let a = abs(x)
        return a > 1 ? a * (1 + 1 / (a * a)).squareRoot() : (1 + a * a).squareRoot()
    }

    /// Applies a plane rotation to the rows `u` (index i) and `w` (index i + 1).
    @inline(__always)
    private static func rotate(_ u: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>, _ n: Int,
                               c: Double, s: Double) {
        for k in 0..<n {
            let f = w[k]
            w[k] = s * u[k] + c * f
            u[k] = c * u[k] - s * f
        }
    }
}
