import Foundation

/// The low-dimensional similarity curve of UMAP, `1 / (1 + a·d^2b)`, fitted to the target
/// `1` for `d < minDist` and `exp(−(d − minDist) / spread)` beyond, as umap-learn's `find_ab_params` does: 300
/// equispaced samples of `[0, 3·spread]`, least squares from `(a, b) = (1, 1)`.
public enum UMAPCurve {
    /// The fitted `(a, b)` (Levenberg–Marquardt with the analytic Jacobian).
    public static func fit(minDist: Double, spread: Double) -> (a: Double, b: Double) {
        let count = 300
        let xs = (0..<count).map { Double($0) * 3 * spread / Double(count - 1) }
        let ys = xs.map { $0 < minDist ? 1 : exp(-($0 - minDist) / spread) }
        var a = 1.0, b = 1.0
        var cost = residualCost(xs, ys, a, b)
        var damping = 1e-3
        for _ in 0..<500 {
            // normal equations JᵀJ δ = −Jᵀr of the residuals r = f(x) − y
            var jaa = 0.0, jab = 0.0, jbb = 0.0, ga = 0.0, gb = 0.0
            for (x, y) in zip(xs, ys) where x > 0 {
                let p = pow(x, 2 * b), denominator = 1 + a * p
                let f = 1 / denominator, r = f - y
                let da = -p / (denominator * denominator)
                let db = da * a * 2 * log(x)
                jaa += da * da; jab += da * db; jbb += db * db
                ga += da * r; gb += db * r
            }
            var improved = false
            while damping < 1e12 {
                let maa = jaa * (1 + damping), mbb = jbb * (1 + damping)
                let det = maa * mbb - jab * jab
                guard det != 0, det.isFinite else { damping *= 10; continue }
                let stepA = (-ga * mbb + gb * jab) / det, stepB = (-gb * maa + ga * jab) / det
                let candidate = residualCost(xs, ys, a + stepA, b + stepB)
                if candidate.isFinite && candidate <= cost {
                    let relative = (cost - candidate) / max(cost, .leastNormalMagnitude)
                    a += stepA
                    b += stepB
                    cost = candidate
                    damping = max(damping / 10, 1e-12)
                    improved = relative > 1e-15 || abs(stepA) > 1e-14 * abs(a) || abs(stepB) > 1e-14 * abs(b)
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return (a, b)
    }

    /// Σ (1 / (1 + a·x^2b) − y)².
    private static func residualCost(_ xs: [Double], _ ys: [Double], _ a: Double, _ b: Double) -> Double {
        var sum = 0.0
        for (x, y) in zip(xs, ys) {
            let f = 1 / (1 + a * pow(x, 2 * b))
            sum += (f - y) * (f - y)
        }
        return sum
    }
}
