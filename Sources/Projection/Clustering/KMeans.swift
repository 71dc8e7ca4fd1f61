import Tensors

/// K-means clustering (Lloyd's algorithm) with k-means++ seeding; used to colour data that has no labels.
///
/// Seeded and deterministic: labels are computed in parallel per point, centroids are summed in point order.
public struct KMeans: Sendable, Equatable {
    /// The number of clusters.
    public let k: Int
    /// The input dimension.
    public let dimension: Int
    /// Cluster centres, row-major `k × dimension`.
    public private(set) var centroids: [Float]
    /// The cluster of each fitted point.
    public private(set) var labels: [Int]
    /// The sum of squared distances from the points to their centres.
    public private(set) var inertia: Double
    /// Lloyd iterations run.
    public private(set) var iterations: Int

    /// Clusters the row-major `rows × cols` matrix `x` into `k` groups.
    ///
    /// - Parameters:
    ///   - seed: seeds the k-means++ choice of starting centres.
    ///   - maxIterations: stops after this many rounds even if points still move.
    /// - Throws: `ProjectionError` for bad data, or `k` not in 1...rows.
    public static func fit(_ x: [Float], rows: Int, cols: Int, k: Int, seed: UInt64 = 0, maxIterations: Int = 100,
                           threads: Int = 1) throws(ProjectionError) -> KMeans {
        try InputCheck.matrix(x, rows: rows, cols: cols)
        guard (1...rows).contains(k) else {
            throw .invalidOption(name: "cluster count", reason: "\(k) is not in 1...\(rows) (the number of points)")
        }
        var model = KMeans(k: k, dimension: cols, centroids: seedCentroids(x, rows: rows, cols: cols, k: k, seed: seed),
                           labels: [Int](repeating: -1, count: rows), inertia: 0, iterations: 0)
        var distances = [Float](repeating: 0, count: rows)
        for round in 1...max(1, maxIterations) {
            let newLabels = model.assign(x, rows: rows, distances: &distances, threads: threads)
            let moved = newLabels != model.labels
            model.labels = newLabels
            model.iterations = round
            if !moved { break }
            model.updateCentroids(x, rows: rows, distances: distances)
        }
        // labels (and inertia) for the final centres, also when the last round still moved them
        model.labels = model.assign(x, rows: rows, distances: &distances, threads: threads)
        model.inertia = distances.reduce(0) { $0 + Double($1) }
        return model
    }

    /// The nearest centre of each row of the row-major `rows × dimension` matrix `x`.
    public func predict(_ x: [Float], rows: Int, threads: Int = 1) -> [Int] {
        precondition(x.count == rows * dimension, "predict input is not rows × \(dimension)")
        var distances = [Float](repeating: 0, count: rows)
        return assign(x, rows: rows, distances: &distances, threads: threads)
    }

    // MARK: - Steps

    /// k-means++: the first centre uniformly, each next one with probability proportional to the squared
    /// distance to the nearest centre chosen so far (uniformly again if every point sits on a centre).
    private static func seedCentroids(_ x: [Float], rows: Int, cols: Int, k: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        var chosen = [Int(rng.next() % UInt64(rows))]
        var nearest = [Double](repeating: .infinity, count: rows)
        x.withUnsafeBufferPointer { xb in
            let p = xb.baseAddress!
            while chosen.count < k {
                let last = chosen[chosen.count - 1]
                var total = 0.0
                for i in 0..<rows {
                    nearest[i] = min(nearest[i], Double(VectorKernels.squaredDistance(p + i * cols, p + last * cols, cols)))
                    total += nearest[i]
                }
                var pick = Int(rng.next() % UInt64(rows))
                if total > 0 {
                    var target = rng.nextUnit() * total
                    for i in 0..<rows {
                        target -= nearest[i]
                        if target < 0 { pick = i; break }
                        if nearest[i] > 0 { pick = i }   // guards against rounding at the end
                    }
                }
                chosen.append(pick)
            }
        }
        return chosen.flatMap { x[($0 * cols)..<(($0 + 1) * cols)] }
    }

    /// The nearest centre of each row, with the squared distance to it.
    private func assign(_ x: [Float], rows: Int, distances: inout [Float], threads: Int) -> [Int] {
        var labels = [Int](repeating: 0, count: rows)
        let d = dimension, k = self.k
        x.withUnsafeBufferPointer { xb in
            centroids.withUnsafeBufferPointer { cb in
                labels.withUnsafeMutableBufferPointer { lb in
                    distances.withUnsafeMutableBufferPointer { db in
                        nonisolated(unsafe) let (xx, cc, ll, dd) = (xb.baseAddress!, cb.baseAddress!, lb.baseAddress!, db.baseAddress!)
                        Parallel.forEachRange(count: rows, threads: threads, grain: 1024) { range in
                            for i in range {
                                var best = 0, bestDistance = Float.infinity
                                for c in 0..<k {
                                    let dist = VectorKernels.squaredDistance(xx + i * d, cc + c * d, d)
                                    if dist < bestDistance { best = c; bestDistance = dist }
                                }
                                ll[i] = best
                                dd[i] = bestDistance
                            }
                        }
                    }
                }
            }
        }
        return labels
    }

    /// Moves each centre to the mean of its points; an empty cluster takes the point farthest from its centre.
    private mutating func updateCentroids(_ x: [Float], rows: Int, distances: [Float]) {
        let d = dimension
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        for i in 0..<rows {
            let c = labels[i]
            counts[c] += 1
            for j in 0..<d { sums[c * d + j] += Double(x[i * d + j]) }
        }
        var taken = Set<Int>()
        for c in 0..<k {
            if counts[c] > 0 {
                for j in 0..<d { centroids[c * d + j] = Float(sums[c * d + j] / Double(counts[c])) }
            } else {
                var far = -1
                for i in 0..<rows where !taken.contains(i) && (far < 0 || distances[i] > distances[far]) { far = i }
                guard far >= 0 else { continue }
                taken.insert(far)
                for j in 0..<d { centroids[c * d + j] = x[far * d + j] }
            }
        }
    }
}
