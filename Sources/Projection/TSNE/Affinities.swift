import Foundation
import Tensors

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
    /// The affinities, in single precision (a million points' 90 neighbours give about 130 million entries:
    /// 0.5 GB rather than 1 GB; sums over them are taken in double precision).
    public var values: [Float]

    /// The number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// The sum of all entries.
    public var sum: Double { values.reduce(0.0) { $0 + Double($1) } }
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
    public static func conditional(_ neighbors: Neighbors, perplexity: Double, threads: Int = 1) -> [Float] {
        let k = neighbors.k, rows = neighbors.rows
        var p = [Float](repeating: 0, count: rows * k)
        guard k > 0 else { return p }
        let target = log(perplexity)
        p.withUnsafeMutableBufferPointer { pb in
            neighbors.distances.withUnsafeBufferPointer { db in
                nonisolated(unsafe) let (out, dist) = (pb.baseAddress!, db.baseAddress!)
                Parallel.forEachChunk(count: rows, threads: threads, minimumChunk: 64) { _, range in
                    var d2 = [Double](repeating: 0, count: k), w = d2
                    for i in range {
                        calibrateRow(distances: dist + i * k, k: k, target: target, scratch: &d2, weights: &w)
                        for j in 0..<k { out[i * k + j] = Float(w[j]) }
                    }
                }
            }
        }
        return p
    }

    /// Binary search for one row's precision τ, leaving the normalised probabilities in `w`.
    private static func calibrateRow(distances: UnsafePointer<Float>, k: Int, target: Double,
                                     scratch d2: inout [Double], weights out: inout [Double]) {
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
    public static func joint(_ neighbors: Neighbors, conditional p: [Float], threads: Int = 1) -> SparseAffinities {
        joint(indices: neighbors.indices, rows: neighbors.rows, k: neighbors.k, conditional: p, threads: threads)
    }

    /// `joint` from the neighbour indices alone (row-major `rows × k`).
    ///
    /// Row i of P is the union of i's own list and the rows that list i. The reverse lists are kept as positions
    /// into the `N × k` arrays (4 bytes per entry; the row is the position ÷ k and the value is read from `p`),
    /// filled in row order so each is sorted; each row is then merged from its sorted own list and its reverse
    /// list twice, once to count and once to fill, with rows split over the threads.
    public static func joint(indices: [Int32], rows n: Int, k: Int, conditional p: [Float],
                             threads: Int = 1) -> SparseAffinities {
        precondition(indices.count == n * k && p.count == n * k, "neighbour lists are not rows × k")
        guard n > 0, k > 0 else {
            return SparseAffinities(rows: n, rowStart: [Int](repeating: 0, count: n + 1), columns: [], values: [])
        }
        var reverseStart = [Int](repeating: 0, count: n + 1)
        for e in 0..<(n * k) { reverseStart[Int(indices[e]) + 1] += 1 }
        for i in 0..<n { reverseStart[i + 1] += reverseStart[i] }
        var reverse = [Int32](repeating: 0, count: n * k)
        var fill = Array(reverseStart.prefix(n))
        for e in 0..<(n * k) {
            let j = Int(indices[e])
            reverse[fill[j]] = Int32(e)
            fill[j] += 1
        }
        fill = []
        let scale = 1 / (2 * Double(n))
        var rowStart = [Int](repeating: 0, count: n + 1)
        var columns: [Int32] = [], values: [Float] = []
        indices.withUnsafeBufferPointer { ib in
            p.withUnsafeBufferPointer { pb in
                reverse.withUnsafeBufferPointer { rb in
                    reverseStart.withUnsafeBufferPointer { sb in
                        nonisolated(unsafe) let (nbr, cond, rev, revStart) = (ib.baseAddress!, pb.baseAddress!, rb.baseAddress!, sb.baseAddress!)
                        /// Merges row i's own (sorted) and reverse lists, calling `emit(column, value)` in column order.
                        func merge(_ i: Int, _ own: inout [(column: Int32, position: Int)], _ emit: (Int32, Float) -> Void) {
                            own.removeAll(keepingCapacity: true)
                            for s in 0..<k { own.append((nbr[i * k + s], i * k + s)) }
                            own.sort { $0.column < $1.column || ($0.column == $1.column && $0.position < $1.position) }
                            var a = 0, b = revStart[i]
                            let bEnd = revStart[i + 1]
                            while a < k || b < bEnd {
                                let ca = a < k ? own[a].column : Int32.max
                                let cb = b < bEnd ? Int32(Int(rev[b]) / k) : Int32.max
                                if ca < cb {
                                    emit(ca, Float(Double(cond[own[a].position]) * scale)); a += 1
                                } else if cb < ca {
                                    emit(cb, Float(Double(cond[Int(rev[b])]) * scale)); b += 1
                                } else {
                                    emit(ca, Float((Double(cond[own[a].position]) + Double(cond[Int(rev[b])])) * scale))
                                    a += 1; b += 1
                                }
                            }
                        }
                        rowStart.withUnsafeMutableBufferPointer { startBuffer in
                            nonisolated(unsafe) let start = startBuffer.baseAddress!
                            Parallel.forEachRange(count: n, threads: threads, grain: 4096) { range in
                                var own: [(column: Int32, position: Int)] = []
                                own.reserveCapacity(k)
                                for i in range {
                                    var count = 0
                                    merge(i, &own) { _, _ in count += 1 }
                                    start[i + 1] = count
                                }
                            }
                        }
                        for i in 0..<n { rowStart[i + 1] += rowStart[i] }
                        columns = [Int32](repeating: 0, count: rowStart[n])
                        values = [Float](repeating: 0, count: rowStart[n])
                        columns.withUnsafeMutableBufferPointer { cb in
                            values.withUnsafeMutableBufferPointer { vb in
                                rowStart.withUnsafeBufferPointer { startBuffer in
                                    nonisolated(unsafe) let (cols, vals, start) = (cb.baseAddress!, vb.baseAddress!, startBuffer.baseAddress!)
                                    Parallel.forEachRange(count: n, threads: threads, grain: 4096) { range in
                                        var own: [(column: Int32, position: Int)] = []
                                        own.reserveCapacity(k)
                                        for i in range {
                                            var e = start[i]
                                            merge(i, &own) { c, v in cols[e] = c; vals[e] = v; e += 1 }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return SparseAffinities(rows: n, rowStart: rowStart, columns: columns, values: values)
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
        return joint(neighbors, conditional: conditional(neighbors, perplexity: effective, threads: threads),
                     threads: threads)
    }
}
