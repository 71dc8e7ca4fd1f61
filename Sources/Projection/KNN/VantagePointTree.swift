import Tensors

/// Exact k-nearest-neighbour search with a vantage-point tree: fast for low-dimensional points (such as 2-D
/// embeddings), where whole shells of the tree can be ruled out by the triangle inequality.
///
/// Each node holds a vantage point and the median distance μ of the points below it to that point: the nearer
/// half goes left, the rest right. A query visits the side its own distance falls in first and the other side
/// only if the shell could still hold a point within the current k-th distance. Leaves hold up to 8 points.
/// Results equal `BruteForceKNN`'s (same distance arithmetic, same tie order by index).
public struct VantagePointTree: KNNIndex {
    public let count: Int
    public let dimension: Int
    private let points: [Float]
    /// Point indices, arranged so that every node covers a contiguous range.
    private var order: [Int]
    private var nodes: [Node] = []

    private struct Node {
        /// The range of `order` below this node; its first entry is the vantage point (internal nodes).
        var start: Int32, end: Int32
        /// Median distance to the vantage point (internal nodes).
        var radius: Float
        /// Children (−1 for a leaf).
        var inside: Int32, outside: Int32
    }

    private static let leafSize = 8

    /// Indexes the row-major `rows × cols` matrix `points`.
    ///
    /// - Throws: `ProjectionError` for an empty, mis-sized or non-finite matrix.
    public init(_ points: [Float], rows: Int, cols: Int) throws(ProjectionError) {
        try InputCheck.matrix(points, rows: rows, cols: cols)
        self.points = points
        count = rows
        dimension = cols
        order = Array(0..<rows)
        var distances = [Float](repeating: 0, count: rows)
        var rng = SeededGenerator(seed: 0x7E_E5)
        _ = build(0, rows, &distances, &rng)
    }

    /// Builds the subtree over `order[start..<end]`; returns its node index.
    private mutating func build(_ start: Int, _ end: Int, _ distances: inout [Float], _ rng: inout SeededGenerator) -> Int32 {
        let index = Int32(nodes.count)
        nodes.append(Node(start: Int32(start), end: Int32(end), radius: 0, inside: -1, outside: -1))
        guard end - start > Self.leafSize else { return index }
        // a random vantage point, moved to the front of the range
        let pick = start + Int(rng.next() % UInt64(end - start))
        order.swapAt(start, pick)
        let vp = order[start]
        let d = dimension
        points.withUnsafeBufferPointer { pb in
            for s in (start + 1)..<end {
                distances[s] = VectorKernels.squaredDistance(pb.baseAddress! + order[s] * d, pb.baseAddress! + vp * d, d).squareRoot()
            }
        }
        // split the rest at the median distance (quickselect on order and distances together)
        let lo = start + 1, mid = lo + (end - lo) / 2
        select(mid, lo, end, &distances)
        nodes[Int(index)].radius = distances[mid]
        let inside = build(lo, mid, &distances, &rng)
        let outside = build(mid, end, &distances, &rng)
        nodes[Int(index)].inside = inside
        nodes[Int(index)].outside = outside
        return index
    }

    /// Rearranges `order[lo..<hi]` (with `distances`) so that position `k` holds the element of its rank,
    /// smaller distances before it and larger after.
    private mutating func select(_ k: Int, _ lo: Int, _ hi: Int, _ distances: inout [Float]) {
        var lo = lo, hi = hi - 1
        while lo < hi {
            let pivot = distances[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while distances[i] < pivot { i += 1 }
                while distances[j] > pivot { j -= 1 }
                if i <= j {
                    distances.swapAt(i, j); order.swapAt(i, j)
                    i += 1; j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    // MARK: - Queries

    public func query(_ queries: [Float], rows: Int, k: Int, threads: Int) -> Neighbors {
        precondition(queries.count == rows * dimension, "queries are not rows × \(dimension)")
        return search(queries, rows: rows, k: min(max(k, 0), count), excludeSelf: false, threads: threads)
    }

    public func neighborsOfIndexedPoints(k: Int, threads: Int) -> Neighbors {
        search(points, rows: count, k: min(max(k, 0), count - 1), excludeSelf: true, threads: threads)
    }

    public func neighborsOfIndexedPoints(k: Int, threads: Int,
                                         progress: (_ done: Int, _ total: Int) -> Bool) -> Neighbors? {
        KNN.inParts(count: count, k: k, partRows: KNN.treeSearchPart, progress: progress) { rows in
            search(points, rows: rows.count, k: min(max(k, 0), count - 1), excludeSelf: true, threads: threads,
                   firstRow: rows.lowerBound)
        }
    }

    /// The `k` nearest indexed points of query rows `firstRow ..< firstRow + rows`; the result's row `r` is query
    /// `firstRow + r` (which, with `excludeSelf`, skips indexed point `firstRow + r`).
    private func search(_ queries: [Float], rows: Int, k: Int, excludeSelf: Bool, threads: Int,
                        firstRow: Int = 0) -> Neighbors {
        var indices = [Int32](repeating: 0, count: rows * k)
        var keys = [Float](repeating: 0, count: rows * k)
        guard k > 0, rows > 0 else { return Neighbors(rows: rows, k: k, indices: indices, distances: keys) }
        let d = dimension
        queries.withUnsafeBufferPointer { qb in
            points.withUnsafeBufferPointer { pb in
                order.withUnsafeBufferPointer { ob in
                    nodes.withUnsafeBufferPointer { nb in
                        indices.withUnsafeMutableBufferPointer { ib in
                            keys.withUnsafeMutableBufferPointer { kb in
                                nonisolated(unsafe) let (q, p, ord, tree, idx, key) =
                                    (qb.baseAddress!, pb.baseAddress!, ob.baseAddress!, nb.baseAddress!,
                                     ib.baseAddress!, kb.baseAddress!)
                                Parallel.forEachRange(count: rows, threads: threads, grain: 256) { range in
                                    withUnsafeTemporaryAllocation(of: Pending.self, capacity: 256) { stack in
                                        for row in range {
                                            var heap = BoundedHeap(keys: key + row * k, values: idx + row * k, capacity: k)
                                            Self.visit(q + (firstRow + row) * d, d, skip: excludeSelf ? firstRow + row : -1, points: p,
                                                       order: ord, nodes: tree, heap: &heap, stack: stack.baseAddress!)
                                            heap.sortAscending()
                                        }
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

    /// A subtree still to search, with a lower bound on the distance from the query to any point in it.
    private struct Pending {
        var node: Int32
        var bound: Float
    }

    /// Collects the nearest points to `query` into `heap`, pruning shells that cannot beat its k-th distance.
    private static func visit(_ query: UnsafePointer<Float>, _ d: Int, skip: Int, points: UnsafePointer<Float>,
                              order: UnsafePointer<Int>, nodes: UnsafePointer<Node>, heap: inout BoundedHeap,
                              stack: UnsafeMutablePointer<Pending>) {
        @inline(__always) func offer(_ j: Int) -> Float {
            let dist = VectorKernels.squaredDistance(query, points + j * d, d)
            if j != skip && heap.accepts(dist, Int32(j)) { heap.offer(dist, Int32(j)) }
            return dist
        }
        // the search radius: unbounded until the heap is full (slightly widened against rounding, so points at
        // exactly the k-th distance are still visited and ties resolve by index as in brute force)
        @inline(__always) func tau() -> Float {
            heap.count < heap.capacity ? .infinity : heap.keys[0].squareRoot() * (1 + 1e-5) + 1e-30
        }
        var top = 1
        stack[0] = Pending(node: 0, bound: 0)
        while top > 0 {
            top -= 1
            let pending = stack[top]
            if pending.bound > tau() { continue }
            let node = nodes[Int(pending.node)]
            if node.inside < 0 {
                for s in Int(node.start)..<Int(node.end) { _ = offer(order[s]) }
                continue
            }
            let dist = offer(order[Int(node.start)]).squareRoot()
            let t = tau()
            // push the far side first so that the near side is searched first
            let insideBound = max(0, dist - node.radius), outsideBound = max(0, node.radius - dist)
            if dist < node.radius {
                if outsideBound <= t { stack[top] = Pending(node: node.outside, bound: outsideBound); top += 1 }
                stack[top] = Pending(node: node.inside, bound: insideBound); top += 1
            } else {
                if insideBound <= t { stack[top] = Pending(node: node.inside, bound: insideBound); top += 1 }
                stack[top] = Pending(node: node.outside, bound: outsideBound); top += 1
            }
        }
    }
}
