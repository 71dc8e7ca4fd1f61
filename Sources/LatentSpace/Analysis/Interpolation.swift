import Foundation

/// Paths between two latent codes.
public enum Interpolation: String, Sendable, CaseIterable {
    /// Straight line: `(1 − t)·a + t·b`.
    case linear
    /// Spherical: along the great circle between the directions of `a` and `b` (slerp), which keeps codes at
    /// the typical radius of a Gaussian prior instead of cutting through its low-density centre.
    case spherical

    /// `steps` codes from `a` to `b` inclusive (`steps` ≥ 2; fewer gives just the endpoints that fit).
    public func path(from a: [Float], to b: [Float], steps: Int) -> [[Float]] {
        precondition(a.count == b.count, "interpolation endpoints must have the same size")
        let n = max(steps, 1)
        if n == 1 { return [a] }
        return (0..<n).map { i in point(from: a, to: b, t: Float(i) / Float(n - 1)) }
    }

    /// The code at fraction `t` ∈ [0, 1] of the way from `a` to `b`.
    public func point(from a: [Float], to b: [Float], t: Float) -> [Float] {
        switch self {
        case .linear:
            return zip(a, b).map { (1 - t) * $0 + t * $1 }
        case .spherical:
            var dot = 0.0, na = 0.0, nb = 0.0
            for i in a.indices {
                dot += Double(a[i]) * Double(b[i])
                na += Double(a[i]) * Double(a[i])
                nb += Double(b[i]) * Double(b[i])
            }
            guard na > 0, nb > 0 else { return Interpolation.linear.point(from: a, to: b, t: t) }
            let cosine = max(-1, min(1, dot / (na.squareRoot() * nb.squareRoot())))
            let omega = cosine.magnitude > 0.9995 ? 0 : Foundation.acos(cosine)
            // Nearly parallel directions: slerp degenerates to lerp.
            guard omega > 1e-6 else { return Interpolation.linear.point(from: a, to: b, t: t) }
            let s = Foundation.sin(omega)
            let wa = Float(Foundation.sin((1 - Double(t)) * omega) / s)
            let wb = Float(Foundation.sin(Double(t) * omega) / s)
            return zip(a, b).map { wa * $0 + wb * $1 }
        }
    }
}
