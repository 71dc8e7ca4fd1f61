import Foundation
import Tensors

/// Measures of how well a low-dimensional embedding keeps the structure of its input.
public enum EmbeddingMetrics {
    /// The KL divergence `KL(P‖Q)` of the row-major N × 2 `embedding` against the affinities `p`, with the exact
    /// normalisation `Z = Σ_{i≠j} 1/(1 + ‖y_i − y_j‖²)` (O(N²), split over threads).
    public static func klDivergence(affinities p: SparseAffinities, embedding: [Float], threads: Int = 1) -> Double {
        let n = p.rows
        precondition(embedding.count == 2 * n, "embedding is not N × 2 for the affinities")
        guard n > 1 else { return 0 }
        let y = embedding.map(Double.init)
        var partial = [Double](repeating: 0, count: n)
        y.withUnsafeBufferPointer { yb in
            partial.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let (yy, out) = (yb.baseAddress!, pb.baseAddress!)
                Parallel.forEachRange(count: n, threads: threads, grain: 64) { range in
                    for i in range {
                        var s = 0.0
                        let xi = yy[2 * i], yi = yy[2 * i + 1]
                        for j in 0..<n where j != i {
                            let dx = xi - yy[2 * j], dy = yi - yy[2 * j + 1]
                            s += 1 / (1 + dx * dx + dy * dy)
                        }
                        out[i] = s
                    }
                }
            }
        }
        let z = partial.reduce(0, +)
        var terms = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: 2 * n)
        let kl = y.withUnsafeBufferPointer { yb in
            gradient.withUnsafeMutableBufferPointer { gb in
                TSNEGradient.attract(yb.baseAddress!, n: n, affinities: p, exaggeration: 1, z: z,
                                     repulsion: [Double](repeating: 0, count: 2 * n), threads: threads,
                                     klTerms: &terms, gradient: gb.baseAddress!, computeKL: true)
            }
        }
        return kl ?? .nan
    }

    /// The mean fraction of each point's `k` nearest neighbours in the input that are also among its `k` nearest
    /// in the embedding (1 is perfect).
    ///
    /// - Throws: `ProjectionError` for mis-sized or non-finite matrices.
    public static func neighborPreservation(input x: [Float], inputColumns: Int, embedding y: [Float],
                                            embeddingColumns: Int = 2, rows: Int, k: Int = 10,
                                            threads: Int = 1) throws(ProjectionError) -> Double {
        let high = try KNN.index(x, rows: rows, cols: inputColumns).neighborsOfIndexedPoints(k: k, threads: threads)
        let low = try KNN.index(y, rows: rows, cols: embeddingColumns).neighborsOfIndexedPoints(k: k, threads: threads)
        return neighborPreservation(high, low)
    }

    /// The mean overlap fraction of two neighbour lists over the same points.
    public static func neighborPreservation(_ high: Neighbors, _ low: Neighbors) -> Double {
        precondition(high.rows == low.rows && high.k == low.k, "neighbour lists differ in shape")
        guard high.rows > 0, high.k > 0 else { return 1 }
        var shared = 0
        for i in 0..<high.rows {
            let a = Set(high.indices(of: i))
            shared += low.indices(of: i).filter(a.contains).count
        }
        return Double(shared) / Double(high.rows * high.k)
    }

    /// Trustworthiness (Venna & Kaski; scikit-learn's definition): 1 minus a penalty for every point that is
    /// among a point's `k` nearest in the embedding but not in the input, weighted by how far down the input's
    /// ranking it sits. 1 is perfect; needs `k < rows / 2`.
    ///
    /// - Throws: `ProjectionError` for mis-sized or non-finite matrices, or `k` out of range.
    public static func trustworthiness(input x: [Float], inputColumns d: Int, embedding y: [Float],
                                       embeddingColumns: Int = 2, rows n: Int, k: Int = 10,
                                       threads: Int = 1) throws(ProjectionError) -> Double {
        try InputCheck.matrix(x, rows: n, cols: d)
        guard k >= 1, 2 * k < n else {
            throw .invalidOption(name: "trustworthiness k", reason: "\(k) must be at least 1 and below half of \(n) points")
        }
        let low = try KNN.index(y, rows: n, cols: embeddingColumns).neighborsOfIndexedPoints(k: k, threads: threads)
        var penalty = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xb in
            penalty.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let (xx, out) = (xb.baseAddress!, pb.baseAddress!)
                Parallel.forEachRange(count: n, threads: threads, grain: 32) { range in
                    var dist = [Float](repeating: 0, count: n)
                    for i in range {
                        for j in 0..<n { dist[j] = VectorKernels.squaredDistance(xx + i * d, xx + j * d, d) }
                        var sum = 0.0
                        for j32 in low.indices(of: i) {
                            let j = Int(j32)
                            // rank of j among i's input-space neighbours (1 = nearest; ties by index)
                            var rank = 1
                            let dj = dist[j]
                            for m in 0..<n where m != i && m != j && (dist[m] < dj || (dist[m] == dj && m < j)) {
                                rank += 1
                            }
                            if rank > k { sum += Double(rank - k) }
                        }
                        out[i] = sum
                    }
                }
            }
        }
        let total = penalty.reduce(0, +)
        return 1 - 2 / (Double(n) * Double(k) * (2 * Double(n) - 3 * Double(k) - 1)) * total
    }

    /// The mean fraction of each point's neighbours that share its label (k-NN class agreement).
    public static func labelAgreement(_ neighbors: Neighbors, labels: [Int]) -> Double {
        precondition(labels.count == neighbors.rows, "one label per point")
        guard neighbors.rows > 0, neighbors.k > 0 else { return 1 }
        var hits = 0
        for i in 0..<neighbors.rows { hits += neighbors.indices(of: i).filter { labels[Int($0)] == labels[i] }.count }
        return Double(hits) / Double(neighbors.rows * neighbors.k)
    }
}
