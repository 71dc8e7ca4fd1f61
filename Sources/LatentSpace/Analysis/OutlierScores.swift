import Projection

/// How unusual each point is, two ways, with a ranking helper.
public enum OutlierScores {
    /// What makes a point an outlier.
    public enum Method: String, Sendable, CaseIterable {
        /// The model reconstructs it badly.
        case recon
        /// It sits far from its neighbours in latent space (distance to the k-th nearest neighbour).
        case knn
    }

    /// Neighbours counted for the kNN score.
    public static let defaultK = 10

    /// Distance from each code to its k-th nearest other code (Euclidean, in latent space).
    public static func knnDistance(_ encoding: Encoding, k: Int = defaultK, threads: Int = 1) throws -> [Float] {
        let n = encoding.count
        guard n > 1 else { return [Float](repeating: 0, count: n) }
        let kk = min(k, n - 1)
        let index = try BruteForceKNN(encoding.codes, rows: n, cols: encoding.dimensions)
        let neighbors = index.neighborsOfIndexedPoints(k: kk, threads: threads)
        return (0..<n).map { i in neighbors.distances(of: i).last ?? 0 }
    }

    /// Scores by `method` (nil for `recon` when the model has no decoder).
    public static func scores(_ encoding: Encoding, method: Method, k: Int = defaultK, threads: Int = 1) throws -> [Float]? {
        switch method {
        case .recon: return encoding.reconstructionError
        case .knn: return try knnDistance(encoding, k: k, threads: threads)
        }
    }

    /// Indices of the `top` highest scores, highest first (ties by index; NaN scores last).
    public static func ranking(_ scores: [Float], top: Int) -> [Int] {
        let order = scores.indices.sorted { a, b in
            let x = scores[a].isNaN ? -Float.infinity : scores[a]
            let y = scores[b].isNaN ? -Float.infinity : scores[b]
            return x != y ? x > y : a < b
        }
        return Array(order.prefix(max(0, top)))
    }
}
