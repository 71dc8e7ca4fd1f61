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

    /// Distance from each code to its k-th nearest other code (Euclidean, in latent space), the neighbours found
    /// by `search` (`auto`: NN-descent from `KNN.approximateFrom` points; seeded, so repeatable).
    public static func knnDistance(_ encoding: Encoding, k: Int = defaultK, threads: Int = 1,
                                   search: KNNMethod = .auto) throws -> [Float] {
        let n = encoding.count
        guard n > 1 else { return [Float](repeating: 0, count: n) }
        let kk = min(k, n - 1)
        let neighbors = try KNN.neighbors(encoding.codes, rows: n, cols: encoding.dimensions, k: kk, method: search,
                                          threads: threads)!   // no progress callback: never stopped
        return (0..<n).map { i in neighbors.distances(of: i).last ?? 0 }
    }

    /// Scores by `method` (nil for `recon` when the model has no decoder).
    public static func scores(_ encoding: Encoding, method: Method, k: Int = defaultK, threads: Int = 1,
                              search: KNNMethod = .auto) throws -> [Float]? {
        switch method {
        case .recon: return encoding.reconstructionError
        case .knn: return try knnDistance(encoding, k: k, threads: threads, search: search)
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
