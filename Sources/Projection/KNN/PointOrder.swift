import Tensors

/// An order of the points in which points near each other in the input sit near each other in memory.
///
/// The neighbour search, the attractive t-SNE forces and UMAP's edge updates read one point's neighbours after
/// another. In the data's own order those neighbours are scattered (a million 2-D positions are 16 MB, far more
/// than a core's cache, and a class-interleaved file puts every neighbour in another part of it), so each read is a
/// cache miss. Laid out in the leaf order of a random-projection tree, a point's neighbours mostly lie in its own
/// subtree, a short stretch of memory.
struct PointOrder: Sendable {
    /// `original[s]` is the input index of the point at position `s`.
    let original: [Int32]
    /// `position[i]` is where input point `i` sits.
    let position: [Int32]

    /// From this many points on, t-SNE and UMAP run in a point order rather than the input's (measured:
    /// docs/benchmarks.md).
    static let minimumPoints = 50_000

    /// Points per leaf of the tree (small: only the order matters, not the leaves).
    static let leafSize = 16

    /// The leaf order of one seeded random-projection tree over the rows of the row-major `rows × cols` matrix.
    static func byProjectionTree(_ x: [Float], rows: Int, cols: Int, seed: UInt64) -> PointOrder {
        let tree = x.withUnsafeBufferPointer { xb in
            RandomProjectionTree(xb.baseAddress!, rows: rows, cols: cols, leafSize: leafSize, seed: seed)
        }
        return PointOrder(original: tree.order)
    }

    /// The Z-order (Morton order) of 2-D positions (row-major `count × 2`) on a 65,536 × 65,536 grid over their
    /// bounding box, ties in index order: points near each other in the plane sit near each other in memory.
    ///
    /// t-SNE switches to this order once early exaggeration has pulled neighbours together: a point's affinities
    /// are mostly to points near it in the embedding, so the attractive forces read nearby memory (the input-space
    /// tree order cannot do that for data of high intrinsic dimension, such as a 16-D Gaussian blob).
    static func byPosition(_ y: [Double], count n: Int) -> PointOrder {
        precondition(y.count == 2 * n, "not two coordinates per point")
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for i in 0..<n {
            lo = (min(lo.0, y[2 * i]), min(lo.1, y[2 * i + 1]))
            hi = (max(hi.0, y[2 * i]), max(hi.1, y[2 * i + 1]))
        }
        @inline(__always) func cell(_ v: Double, _ lo: Double, _ hi: Double) -> UInt64 {
            guard hi > lo, v.isFinite else { return 0 }
            return UInt64(min(65_535, max(0, (v - lo) / (hi - lo) * 65_536)))
        }
        /// The bits of a 16-bit value spread to the even bit positions.
        @inline(__always) func spread(_ v: UInt64) -> UInt64 {
            var v = v & 0xFFFF
            v = (v | (v << 8)) & 0x00FF_00FF
            v = (v | (v << 4)) & 0x0F0F_0F0F
            v = (v | (v << 2)) & 0x3333_3333
            v = (v | (v << 1)) & 0x5555_5555
            return v
        }
        // code in the high 32 bits, index in the low: one sort of plain integers, ties in index order
        var keys = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            let code = spread(cell(y[2 * i], lo.0, hi.0)) | (spread(cell(y[2 * i + 1], lo.1, hi.1)) << 1)
            keys[i] = code << 32 | UInt64(i)
        }
        keys.sort()
        return PointOrder(original: keys.map { Int32(truncatingIfNeeded: $0) })
    }

    /// The same points with positions and input indices swapped: its `arranged` is this order's `restored`.
    var inverse: PointOrder { PointOrder(original: position) }

    /// The order that puts input point `original[s]` at position `s` (a permutation of `0..<original.count`).
    init(original: [Int32]) {
        self.original = original
        var position = [Int32](repeating: 0, count: original.count)
        for (s, i) in original.enumerated() { position[Int(i)] = Int32(s) }
        self.position = position
    }

    /// Rows of `width` values moved into this order: row `s` of the result is row `original[s]` of `values`.
    func arranged<T>(_ values: [T], width: Int) -> [T] { moved(values, width: width, intoOrder: true) }

    /// Rows of `width` values in this order moved back to the input order (the inverse of `arranged`).
    func restored<T>(_ values: [T], width: Int) -> [T] { moved(values, width: width, intoOrder: false) }

    private func moved<T>(_ values: [T], width: Int, intoOrder: Bool) -> [T] {
        precondition(values.count == original.count * width, "not one row per point")
        guard let first = values.first else { return values }
        var out = [T](repeating: first, count: values.count)
        out.withUnsafeMutableBufferPointer { ob in
            values.withUnsafeBufferPointer { vb in
                for (s, i) in original.enumerated() {
                    let (to, from) = intoOrder ? (s, Int(i)) : (Int(i), s)
                    for c in 0..<width { ob[to * width + c] = vb[from * width + c] }
                }
            }
        }
        return out
    }

    /// A sparse matrix over input indices moved into this order, columns ascending in every row.
    func arranged(_ p: SparseAffinities, threads: Int) -> SparseAffinities { inverse.restored(p, threads: threads) }

    /// A sparse matrix over positions in this order moved back to input indices, columns ascending in every row.
    func restored(_ p: SparseAffinities, threads: Int) -> SparseAffinities {
        let n = p.rows
        precondition(n == original.count, "the matrix is not over these points")
        var rowStart = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            let s = Int(position[i])
            rowStart[i + 1] = rowStart[i] + (p.rowStart[s + 1] - p.rowStart[s])
        }
        var columns = [Int32](repeating: 0, count: p.columns.count)
        var values = [Float](repeating: 0, count: p.values.count)
        columns.withUnsafeMutableBufferPointer { cb in
            values.withUnsafeMutableBufferPointer { vb in
                nonisolated(unsafe) let (cols, vals) = (cb.baseAddress!, vb.baseAddress!)
                Parallel.forEachRange(count: n, threads: threads, grain: 4096) { range in
                    var row: [(column: Int32, value: Float)] = []
                    for i in range {
                        let s = Int(position[i])
                        row.removeAll(keepingCapacity: true)
                        for e in p.rowStart[s]..<p.rowStart[s + 1] {
                            row.append((original[Int(p.columns[e])], p.values[e]))
                        }
                        row.sort { $0.column < $1.column }
                        for (o, entry) in row.enumerated() {
                            cols[rowStart[i] + o] = entry.column
                            vals[rowStart[i] + o] = entry.value
                        }
                    }
                }
            }
        }
        return SparseAffinities(rows: n, rowStart: rowStart, columns: columns, values: values)
    }
}
