import Tensors

/// Exact k-nearest-neighbour search by brute force.
///
/// Squared distances come in blocks from GEMM as `‖x‖² + ‖y‖² − 2x·y`; each query row keeps its `k` best in a
/// bounded heap (rows split over threads), and the distances of the winners are then recomputed directly from the
/// coordinates, so the reported distances are accurate even for near points.
public struct BruteForceKNN: KNNIndex {
    public let count: Int
    public let dimension: Int
    private let points: [Float]
    private let norms: [Float]
    /// Query rows and indexed points per GEMM block (small values let tests cross block boundaries cheaply).
    let queryBlock: Int, referenceBlock: Int

    /// Indexes the row-major `rows × cols` matrix `points`.
    ///
    /// - Throws: `ProjectionError` for an empty, mis-sized or non-finite matrix.
    public init(_ points: [Float], rows: Int, cols: Int) throws(ProjectionError) {
        try self.init(points, rows: rows, cols: cols, queryBlock: 256, referenceBlock: 2048)
    }

    init(_ points: [Float], rows: Int, cols: Int, queryBlock: Int, referenceBlock: Int) throws(ProjectionError) {
        try InputCheck.matrix(points, rows: rows, cols: cols)
        self.queryBlock = max(1, queryBlock)
        self.referenceBlock = max(1, referenceBlock)
        self.points = points
        count = rows
        dimension = cols
        norms = points.withUnsafeBufferPointer { p in
            (0..<rows).map { VectorKernels.squaredNorm(p.baseAddress! + $0 * cols, cols) }
        }
    }

    public func query(_ queries: [Float], rows: Int, k: Int, threads: Int) -> Neighbors {
        precondition(queries.count == rows * dimension, "queries are not rows × \(dimension)")
        return search(queries, rows: rows, k: min(max(k, 0), count), excludeSelf: false, threads: threads)
    }

    public func neighborsOfIndexedPoints(k: Int, threads: Int) -> Neighbors {
        neighborsOfIndexedPoints(k: k, threads: threads, rows: 0..<count)
    }

    /// The neighbours of the indexed points in `rows` (each without itself), as `neighborsOfIndexedPoints(k:threads:)`
    /// gives for those rows: callers split a long search into parts to report progress or stop between them.
    public func neighborsOfIndexedPoints(k: Int, threads: Int, rows: Range<Int>) -> Neighbors {
        let rows = rows.clamped(to: 0..<count)
        return search(points, rows: rows.count, k: min(max(k, 0), count - 1), excludeSelf: true, threads: threads,
                      firstRow: rows.lowerBound)
    }

    public func neighborsOfIndexedPoints(k: Int, threads: Int,
                                         progress: (_ done: Int, _ total: Int) -> Bool) -> Neighbors? {
        KNN.inParts(count: count, k: k, partRows: KNN.bruteForcePart(count: count, threads: threads),
                    progress: progress) { neighborsOfIndexedPoints(k: k, threads: threads, rows: $0) }
    }

    // MARK: - Search

    /// The `k` nearest indexed points of query rows `firstRow ..< firstRow + rows` (with `excludeSelf`, the
    /// queries are the indexed points and row `firstRow + r` skips itself); the result's row `r` is query `firstRow + r`.
    private func search(_ queries: [Float], rows: Int, k: Int, excludeSelf: Bool, threads: Int,
                        firstRow: Int = 0) -> Neighbors {
        var indices = [Int32](repeating: 0, count: rows * k)
        var keys = [Float](repeating: 0, count: rows * k)
        guard k > 0, rows > 0 else { return Neighbors(rows: rows, k: k, indices: indices, distances: keys) }
        let d = dimension, n = count
        // rows split evenly over the threads when a part has fewer rows than a block per thread
        let refBlock = min(referenceBlock, n), rowBlock = min(queryBlock, (rows + max(1, threads) - 1) / max(1, threads))
        let blocks = (rows + rowBlock - 1) / rowBlock
        // Each worker runs its own single-threaded GEMMs: OpenBLAS's threads would otherwise spin between calls
        // and steal the cores the selection runs on.
        let savedThreads = Linalg.threads
        if threads > 1 { Linalg.setThreads(1) }
        defer { if threads > 1 { Linalg.setThreads(savedThreads) } }
        queries.withUnsafeBufferPointer { qb in
            points.withUnsafeBufferPointer { pb in
                norms.withUnsafeBufferPointer { nb in
                    indices.withUnsafeMutableBufferPointer { ib in
                        keys.withUnsafeMutableBufferPointer { kb in
                            nonisolated(unsafe) let (q, ref, idx, key, refNorms) =
                                (qb.baseAddress! + firstRow * d, pb.baseAddress!, ib.baseAddress!, kb.baseAddress!, nb.baseAddress!)
                            Parallel.forEachRange(count: blocks, threads: threads, grain: 1) { blockRange in
                                var products = [Float](repeating: 0, count: rowBlock * refBlock)
                                var counts = [Int](repeating: 0, count: rowBlock)
                                for block in blockRange {
                                    let q0 = block * rowBlock, qn = min(rowBlock, rows - q0)
                                    for r in 0..<qn { counts[r] = 0 }
                                    var r0 = 0
                                    while r0 < n {
                                        let rn = min(refBlock, n - r0)
                                        products.withUnsafeMutableBufferPointer { gb in
                                            let g = gb.baseAddress!
                                            // G = Q Rᵀ for this block pair
                                            Linalg.sgemm(transA: false, transB: true, m: qn, n: rn, k: d,
                                                         a: q + q0 * d, lda: d, b: ref + r0 * d, ldb: d, c: g, ldc: rn)
                                            for r in 0..<qn {
                                                let row = q0 + r
                                                let qNorm = VectorKernels.squaredNorm(q + row * d, d)
                                                var heap = BoundedHeap(keys: key + row * k, values: idx + row * k,
                                                                       capacity: k, count: counts[r])
                                                let gr = g + r * rn
                                                for j in 0..<rn {
                                                    let col = r0 + j
                                                    let dist = max(qNorm + refNorms[col] - 2 * gr[j], 0)
                                                    if heap.accepts(dist, Int32(col)) && !(excludeSelf && col == firstRow + row) {
                                                        heap.offer(dist, Int32(col))
                                                    }
                                                }
                                                counts[r] = heap.count
                                            }
                                        }
                                        r0 += rn
                                    }
                                    // exact distances for the winners, then sort each row
                                    for row in q0..<(q0 + qn) {
                                        var heap = BoundedHeap(keys: key + row * k, values: idx + row * k, capacity: k, count: k)
                                        heap.sortAscending()
                                        let qr = q + row * d
                                        for s in 0..<k {
                                            key[row * k + s] = VectorKernels.squaredDistance(qr, ref + Int(idx[row * k + s]) * d, d)
                                        }
                                        Self.sortRow(keys: key + row * k, values: idx + row * k, k)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Neighbors(rows: rows, k: k, indices: indices, distances: keys.map { $0.squareRoot() })
    }

    /// Insertion-sorts one row of (key, value) pairs ascending by key, then value (fast when nearly sorted).
    static func sortRow(keys: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Int32>, _ k: Int) {
        guard k > 1 else { return }
        for i in 1..<k {
            let key = keys[i], value = values[i]
            var j = i - 1
            while j >= 0 && BoundedHeap.less(key, value, keys[j], values[j]) {
                keys[j + 1] = keys[j]; values[j + 1] = values[j]
                j -= 1
            }
            keys[j + 1] = key; values[j + 1] = value
        }
    }
}
