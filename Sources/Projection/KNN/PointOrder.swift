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
