import Foundation
import Tensors

/// The fuzzy simplicial set of UMAP's input: a sparse symmetric graph of membership strengths in (0, 1], in
/// compressed-row form with columns ascending within a row (McInnes, Healy & Melville 2018, section 3.1; the
/// details follow umap-learn's `fuzzy_simplicial_set`).
///
/// Each point's neighbours get `exp(−(d − ρ) / σ)`, ρ the distance to its nearest neighbour at non-zero distance
/// and σ found by binary search so the strengths sum to log₂(neighbourhood size); the directed sets are then joined
/// by the fuzzy union `a + b − a·b`.
public struct FuzzySimplicialSet: Sendable, Equatable {
    /// The number of points.
    public let rows: Int
    /// Row `i` occupies `rowStart[i]..<rowStart[i + 1]` of `columns` and `weights` (rows + 1 entries).
    public var rowStart: [Int]
    /// Column indices, ascending within a row.
    public var columns: [Int32]
    /// Membership strengths.
    public var weights: [Float]

    /// The number of stored entries (each undirected edge twice).
    public var entryCount: Int { weights.count }

    /// The smooth-kNN tolerance and the smallest σ as a fraction of the mean distance (umap-learn's values).
    static let tolerance = 1e-5, minimumScale = 1e-3

    /// The fuzzy set of `neighbors` (each row without the point itself) for a neighbourhood of
    /// `neighbors.k + 1` points including the point, as umap-learn counts it.
    public static func build(_ neighbors: Neighbors, threads: Int = 1) -> FuzzySimplicialSet {
        let (sigma, rho) = smoothDistances(neighbors, threads: threads)
        return union(neighbors, sigma: sigma, rho: rho)
    }

    /// σ and ρ of every point: ρ its smallest non-zero neighbour distance (0 if there is none), σ such that
    /// Σⱼ exp(−max(0, dⱼ − ρ) / σ) = log₂(k + 1) over its k neighbours, by 64 steps of bisection at most.
    static func smoothDistances(_ neighbors: Neighbors, threads: Int) -> (sigma: [Double], rho: [Double]) {
        let n = neighbors.rows, k = neighbors.k
        var sigma = [Double](repeating: 0, count: n), rho = [Double](repeating: 0, count: n)
        guard n > 0, k > 0 else { return (sigma, rho) }
        let target = log2(Double(k + 1))
        // umap-learn's means include each point's zero distance to itself
        let meanDistance = neighbors.distances.reduce(0.0) { $0 + Double($1) } / Double(n * (k + 1))
        sigma.withUnsafeMutableBufferPointer { sb in
            rho.withUnsafeMutableBufferPointer { rb in
                neighbors.distances.withUnsafeBufferPointer { db in
                    nonisolated(unsafe) let (s, r, d) = (sb.baseAddress!, rb.baseAddress!, db.baseAddress!)
                    Parallel.forEachChunk(count: n, threads: threads, minimumChunk: 256) { _, range in
                        for i in range {
                            let row = d + i * k
                            var nearest = 0.0, sum = 0.0
                            for j in 0..<k {
                                let v = Double(row[j])
                                sum += v
                                if nearest == 0 && v > 0 { nearest = v }
                            }
                            var lo = 0.0, hi = Double.infinity, mid = 1.0
                            for _ in 0..<64 {
                                var psum = 0.0
                                for j in 0..<k {
                                    let excess = Double(row[j]) - nearest
                                    psum += excess > 0 ? exp(-excess / mid) : 1
                                }
                                if abs(psum - target) < tolerance { break }
                                if psum > target {
                                    hi = mid
                                    mid = (lo + hi) / 2
                                } else {
                                    lo = mid
                                    mid = hi == .infinity ? mid * 2 : (lo + hi) / 2
                                }
                            }
                            let floor = minimumScale * (nearest > 0 ? sum / Double(k + 1) : meanDistance)
                            s[i] = max(mid, floor)
                            r[i] = nearest
                        }
                    }
                }
            }
        }
        return (sigma, rho)
    }

    /// The fuzzy union of the directed strengths: `w_ij = a + b − a·b` for `a = w_{i→j}`, `b = w_{j→i}`.
    static func union(_ neighbors: Neighbors, sigma: [Double], rho: [Double]) -> FuzzySimplicialSet {
        let n = neighbors.rows, k = neighbors.k
        var strength = [Float](repeating: 0, count: n * k)
        for i in 0..<n {
            for j in 0..<k {
                let excess = Double(neighbors.distances[i * k + j]) - rho[i]
                strength[i * k + j] = excess <= 0 || sigma[i] == 0 ? 1 : Float(exp(-excess / sigma[i]))
            }
        }
        // every directed entry goes into both its row and its column's row, then each row is sorted and merged
        var count = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            for j in 0..<k where Int(neighbors.indices[i * k + j]) != i {
                count[i + 1] += 1
                count[Int(neighbors.indices[i * k + j]) + 1] += 1
            }
        }
        for i in 0..<n { count[i + 1] += count[i] }
        var fill = count
        // an entry's packed form: column in the high bits, "forward" flag in bit 0, its strength beside it
        var keys = [UInt64](repeating: 0, count: count[n])
        var values = [Float](repeating: 0, count: count[n])
        for i in 0..<n {
            for j in 0..<k {
                let t = Int(neighbors.indices[i * k + j])
                guard t != i else { continue }
                let w = strength[i * k + j]
                keys[fill[i]] = UInt64(t) << 1 | 1; values[fill[i]] = w; fill[i] += 1
                keys[fill[t]] = UInt64(i) << 1; values[fill[t]] = w; fill[t] += 1
            }
        }
        var rowStart = [Int](repeating: 0, count: n + 1)
        var columns: [Int32] = [], weights: [Float] = []
        columns.reserveCapacity(count[n])
        weights.reserveCapacity(count[n])
        var order: [Int] = []
        for i in 0..<n {
            let range = count[i]..<count[i + 1]
            order = Array(range)
            order.sort { keys[$0] < keys[$1] }
            var p = 0
            while p < order.count {
                let column = keys[order[p]] >> 1
                var forward: Float = 0, backward: Float = 0
                while p < order.count && keys[order[p]] >> 1 == column {
                    if keys[order[p]] & 1 == 1 { forward = max(forward, values[order[p]]) }
                    else { backward = max(backward, values[order[p]]) }
                    p += 1
                }
                let w = forward + backward - forward * backward
                if w > 0 {
                    columns.append(Int32(column))
                    weights.append(w)
                }
            }
            rowStart[i + 1] = columns.count
        }
        return FuzzySimplicialSet(rows: n, rowStart: rowStart, columns: columns, weights: weights)
    }

    /// Removes the entries below `max weight / epochs` (umap-learn: they would be sampled less than once).
    mutating func prune(epochs: Int) {
        guard let top = weights.max(), epochs > 0 else { return }
        let cut = top / Float(epochs)
        var newStart = [Int](repeating: 0, count: rows + 1)
        var c: [Int32] = [], w: [Float] = []
        c.reserveCapacity(columns.count)
        w.reserveCapacity(weights.count)
        for i in 0..<rows {
            for p in rowStart[i]..<rowStart[i + 1] where weights[p] >= cut {
                c.append(columns[p])
                w.append(weights[p])
            }
            newStart[i + 1] = c.count
        }
        rowStart = newStart
        columns = c
        weights = w
    }

    /// The connected components: a component number per point (numbered in order of their first point) and
    /// the number of components.
    func components() -> (labels: [Int32], count: Int) {
        var parent = Array(0..<rows)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for i in 0..<rows {
            for p in rowStart[i]..<rowStart[i + 1] {
                let a = find(i), b = find(Int(columns[p]))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var labels = [Int32](repeating: -1, count: rows)
        var rootLabel = [Int32](repeating: -1, count: rows)
        var next: Int32 = 0
        for i in 0..<rows {
            let r = find(i)
            if rootLabel[r] < 0 { rootLabel[r] = next; next += 1 }
            labels[i] = rootLabel[r]
        }
        return (labels, Int(next))
    }
}
