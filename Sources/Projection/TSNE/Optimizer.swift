/// Gradient descent with momentum and per-coordinate gains, step by step as openTSNE does it.
///
/// Gains grow by 0.2 where the gradient changes sign against the last update, and otherwise decay as
/// `0.8·g + minGain`; the update is `momentum·update − rate·gains·gradient`, shortened per point to
/// `maxStepNorm`; the embedding is re-centred after each step unless some points are held fixed.
struct GradientDescent {
    private(set) var update: [Double]
    private(set) var gains: [Double]

    /// State for `count` coordinates: no previous update, unit gains.
    init(count: Int) {
        update = .init(repeating: 0, count: count)
        gains = .init(repeating: 1, count: count)
    }

    /// The state moved into `order` (with the embedding it belongs to).
    mutating func arrange(_ order: PointOrder) {
        update = order.arranged(update, width: 2)
        gains = order.arranged(gains, width: 2)
    }

    /// One step on the row-major `n × 2` coordinates `y`.
    mutating func step(_ y: UnsafeMutablePointer<Double>, gradient: UnsafePointer<Double>, points n: Int,
                       learningRate: Double, momentum: Double, minGain: Double, maxStepNorm: Double?,
                       maxGradientNorm: Double? = nil, recentre: Bool) {
        update.withUnsafeMutableBufferPointer { ub in
            gains.withUnsafeMutableBufferPointer { gb in
                let u = ub.baseAddress!, g = gb.baseAddress!
                for i in 0..<n {
                    var gx = gradient[2 * i], gy = gradient[2 * i + 1]
                    if let limit = maxGradientNorm {
                        let norm = (gx * gx + gy * gy).squareRoot()
                        if norm > limit { let s = limit / (norm + 1e-6); gx *= s; gy *= s }
                    }
                    Self.advance(u + 2 * i, g + 2 * i, gx, learningRate, momentum, minGain)
                    Self.advance(u + 2 * i + 1, g + 2 * i + 1, gy, learningRate, momentum, minGain)
                    if let limit = maxStepNorm {
                        let norm = (u[2 * i] * u[2 * i] + u[2 * i + 1] * u[2 * i + 1]).squareRoot()
                        if norm > limit { u[2 * i] *= limit / norm; u[2 * i + 1] *= limit / norm }
                    }
                    y[2 * i] += u[2 * i]
                    y[2 * i + 1] += u[2 * i + 1]
                }
            }
        }
        if recentre && n > 0 {
            var mx = 0.0, my = 0.0
            for i in 0..<n { mx += y[2 * i]; my += y[2 * i + 1] }
            mx /= Double(n); my /= Double(n)
            for i in 0..<n { y[2 * i] -= mx; y[2 * i + 1] -= my }
        }
    }

    /// Updates one coordinate's gain and update from its gradient.
    @inline(__always)
    private static func advance(_ u: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ grad: Double,
                                _ rate: Double, _ momentum: Double, _ minGain: Double) {
        if sign(u.pointee) != sign(grad) { g.pointee += 0.2 } else { g.pointee = g.pointee * 0.8 + minGain }
        u.pointee = momentum * u.pointee - rate * g.pointee * grad
    }

    @inline(__always)
    private static func sign(_ v: Double) -> Int { v > 0 ? 1 : (v < 0 ? -1 : 0) }
}
