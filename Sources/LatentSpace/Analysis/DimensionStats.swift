import Foundation

/// Per-dimension statistics of a set of latent codes: where the data sits, how spread it is, and (for a VAE)
/// how much information each dimension carries.
public struct DimensionStats: Sendable, Equatable {
    /// Mean of each dimension over the codes.
    public let mean: [Float]
    /// Standard deviation of each dimension (population, ÷N).
    public let std: [Float]
    /// For a VAE: the average KL divergence of q(z|x) from N(0, 1) along each dimension, in nats.
    public let kl: [Float]?

    /// A dimension whose average KL exceeds this (nats) is counted as active.
    public static let activeThreshold: Float = 0.01

    /// Computes the statistics of `codes` (N × d, row-major), with the log-variances of a VAE when given.
    public init(codes: [Float], logvar: [Float]? = nil, dimensions d: Int) {
        precondition(d > 0 && codes.count % d == 0, "codes must hold whole rows of d values")
        let n = codes.count / d
        var sum = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { sum[j] += Double(codes[i * d + j]) } }
        let m = sum.map { n > 0 ? $0 / Double(n) : 0 }
        var sq = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { let e = Double(codes[i * d + j]) - m[j]; sq[j] += e * e } }
        mean = m.map { Float($0) }
        std = sq.map { n > 0 ? Float(($0 / Double(n)).squareRoot()) : 0 }
        if let logvar, logvar.count == codes.count {
            // KL(N(μ, σ²) ‖ N(0, 1)) per dimension = ½(μ² + σ² − log σ² − 1).
            var total = [Double](repeating: 0, count: d)
            for i in 0..<n {
                for j in 0..<d {
                    let mu = Double(codes[i * d + j]), lv = Double(logvar[i * d + j])
                    total[j] += 0.5 * (mu * mu + Foundation.exp(lv) - lv - 1)
                }
            }
            kl = total.map { n > 0 ? Float($0 / Double(n)) : 0 }
        } else {
            kl = nil
        }
    }

    public var dimensions: Int { mean.count }

    /// The dimensions whose average KL is above `activeThreshold` (all of them when there is no KL).
    public var activeUnits: [Int] {
        guard let kl else { return Array(0..<dimensions) }
        return kl.indices.filter { kl[$0] > Self.activeThreshold }
    }

    /// Dimensions ordered by activity: KL for a VAE, else spread, largest first (ties by index).
    public var byActivity: [Int] {
        let key = kl ?? std
        return key.indices.sorted { key[$0] != key[$1] ? key[$0] > key[$1] : $0 < $1 }
    }

    /// Codes that move `dimension` of `point` through `offsets` standard deviations (default −3σ … +3σ in 7 steps).
    public func traversal(of point: [Float], dimension: Int, offsets: [Float] = [-3, -2, -1, 0, 1, 2, 3]) -> [[Float]] {
        offsets.map { k in
            var z = point
            z[dimension] = point[dimension] + k * std[dimension]
            return z
        }
    }

    /// The mean code of each class (nil for a class with no points).
    public static func classMeans(codes: [Float], labels: [Int], dimensions d: Int, classCount: Int) -> [[Float]?] {
        var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: classCount)
        var counts = [Int](repeating: 0, count: classCount)
        for (i, label) in labels.enumerated() where label >= 0 && label < classCount {
            counts[label] += 1
            for j in 0..<d { sums[label][j] += Double(codes[i * d + j]) }
        }
        return (0..<classCount).map { c in counts[c] == 0 ? nil : sums[c].map { Float($0 / Double(counts[c])) } }
    }

    /// The latent vector from class `a`'s mean to class `b`'s mean, to move a point along.
    public static func classDirection(from a: [Float], to b: [Float]) -> [Float] {
        zip(a, b).map { $1 - $0 }
    }
}
