import Foundation

/// A sparse symmetric matrix of input affinities `P` in compressed-row form (CSR).
///
/// For t-SNE the entries sum to 1 over the whole matrix: `p_ij = (p_{j|i} + p_{i|j}) / 2N`.
public struct SparseAffinities: Sendable, Equatable {
    /// The number of rows (points).
    public let rows: Int
    /// Row `i` occupies `rowStart[i]..<rowStart[i + 1]` of `columns` and `values` (rows + 1 entries).
    public var rowStart: [Int]
    /// Column indices, ascending within a row.
    public var columns: [Int32]
    /// The affinities.
    public var values: [Double]

    /// The number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// The sum of all entries.
    public var sum: Double { values.reduce(0, +) }
}

/// Perplexity-calibrated Gaussian affinities on nearest neighbours, as in openTSNE.
public enum Affinities {
    /// How many neighbours t-SNE uses for a perplexity, and the perplexity actually used: `min(N − 1, ⌊3·perplexity⌋)`
    /// neighbours; a perplexity larger than that count is lowered to a third of it (as openTSNE does).
    public static func neighborCount(points: Int, perplexity: Double) -> (k: Int, perplexity: Double) {
        // compare as doubles first: a huge perplexity must not overflow the conversion to Int
        let k = max(0, Int(min(Double(max(points - 1, 0)), (3 * perplexity).rounded(.down))))
        return (k, perplexity > Double(k) ? Double(k) / 3 : perplexity)
    }

    /// Row-normalised conditional probabilities `p_{j|i}` (row-major `rows × k`, matching `neighbors`), each row's
    /// Gaussian bandwidth found by binary search so that its perplexity `2^H` (entropy in nats: `e^H`) equals
    /// `perplexity`.
    ///
    /// Distances are shifted by the nearest one before exponentiating, so far-apart data never underflows to an
    /// all-zero row. A row whose target cannot be reached (fewer neighbours than the perplexity) ends at the
    /// bracket's limit after at most 200 steps.
    public static func conditional(_ neighbors: Neighbors, perplexity: Double, threads: Int = 1) -> [Double] {
        let k = neighbors.k, rows = neighbors.rows
        var p = [Double](repeating: 0, count: rows * k)
        guard k > 0 else { return p }
        let target = log(perplexity)
        p.withUnsafeMutableBufferPointer { pb in
            neighbors.distances.withUnsafeBufferPointer { db in
                nonisolated(unsafe) let (out, dist) = (pb.baseAddress!, db.baseAddress!)
                Parallel.forEachChunk(count: rows, threads: threads, minimumChunk: 64) { _, range in
                    var d2 = [Double](repeating: 0, count: k)
                    for i in range {
                        calibrateRow(distances: dist + i * k, k: k, target: target, scratch: &d2, out: out + i * k)
                    }
                }
            }
        }
        return p
    }

    /// Binary search for one row's precision τ, writing the normalised probabilities to `out`.
    private static func calibrateRow(distances: UnsafePointer<Float>, k: Int, target: Double,
                                     scratch d2: inout [Double], out: UnsafeMutablePointer<Double>) {
        var nearest = Double.infinity
        for j in 0..<k { let v = Double(distances[j]); d2[j] = v * v; nearest = min(nearest, d2[j]) }
        var spread = 0.0
        for j in 0..<k { d2[j] -= nearest; spread += d2[j] }
        spread /= Double(k)
        var tau = spread > 0 ? 1 / spread : 1
        var lo = 0.0, hi = Double.infinity
        for _ in 0..<200 {
            var sum = 0.0, weighted = 0.0
            for j in 0..<k {
                let w = exp(-d2[j] * tau / 2)
                out[j] = w
                sum += w
                weighted += w * d2[j]
            }
            // H = log Σw + τ/2 · Σ w d² / Σw
            let entropy = log(sum) + tau / 2 * weighted / sum
            for j in 0..<k { out[j] /= sum }
            let diff = entropy - target
            if abs(diff) <= 1e-8 { break }
            if diff > 0 {
                lo = tau
                tau = hi.isInfinite ? tau * 2 : (tau + hi) / 2
            } else {
                hi = tau
                tau = (tau + lo) / 2
            }
            if !tau.isFinite || tau > 1e300 { break }
        }
    }

    /// The symmetric joint affinities `p_ij = (p_{j|i} + p_{i|j}) / 2N` from conditional probabilities over
    /// neighbour lists; the result sums to 1.
    public static func joint(_ neighbors: Neighbors, conditional p: [Double]) -> SparseAffinities {
        let n = neighbors.rows, k = neighbors.k
        var counts = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            for s in 0..<k {
                counts[i] += 1
                counts[Int(neighbors.indices[i * k + s])] += 1
            }
        }
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + counts[i] }
        var fill = Array(start.prefix(n))
        var cols = [Int32](repeating: 0, count: start[n])
        var vals = [Double](repeating: 0, count: start[n])
        let scale = 1 / (2 * Double(n))
        for i in 0..<n {
            for s in 0..<k {
                let j = Int(neighbors.indices[i * k + s])
                let v = p[i * k + s] * scale
                cols[fill[i]] = Int32(j); vals[fill[i]] = v; fill[i] += 1
                cols[fill[j]] = Int32(i); vals[fill[j]] = v; fill[j] += 1
            }
        }
        // sort each row by column and merge duplicate (i, j) entries
        var outStart = [Int](repeating: 0, count: n + 1)
        var outCols: [Int32] = [], outVals: [Double] = []
        outCols.reserveCapacity(cols.count)
        outVals.reserveCapacity(cols.count)
        var order: [Int] = []
        for i in 0..<n {
            order = Array(start[i]..<start[i + 1])
            order.sort { cols[$0] < cols[$1] || (cols[$0] == cols[$1] && $0 < $1) }
            var last: Int32 = -1
            for e in order {
                if cols[e] == last {
                    outVals[outVals.count - 1] += vals[e]
                } else {
                    outCols.append(cols[e]); outVals.append(vals[e]); last = cols[e]
                }
            }
            outStart[i + 1] = outCols.count
        }
        return SparseAffinities(rows: n, rowStart: outStart, columns: outCols, values: outVals)
    }

    /// Perplexity-calibrated joint affinities of the row-major `rows × cols` data, on exact nearest neighbours.
    ///
    /// - Throws: `ProjectionError` for bad data or a non-positive perplexity.
    public static func compute(_ x: [Float], rows: Int, cols: Int, perplexity: Double,
                               threads: Int = 1) throws(ProjectionError) -> SparseAffinities {
        guard perplexity > 0, perplexity.isFinite else {
            throw .invalidOption(name: "perplexity", reason: "\(perplexity) is not a positive number")
        }
        let index = try BruteForceKNN(x, rows: rows, cols: cols)
        let (k, effective) = neighborCount(points: rows, perplexity: perplexity)
        let neighbors = index.neighborsOfIndexedPoints(k: k, threads: threads)
        return joint(neighbors, conditional: conditional(neighbors, perplexity: effective, threads: threads))
    }
}
