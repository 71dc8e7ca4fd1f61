import Tensors

// MARK: - Queries

extension NNDescent {
    /// The `k` nearest indexed points to each query, by a best-first search of the graph (pynndescent's `query`):
    /// it starts from the points of the query's leaf in the first tree (topped up with seeded picks) and expands
    /// the nearest unexpanded candidate while it is within (1 + ε) of the k-th distance found so far.
    public func query(_ queries: [Float], rows: Int, k: Int, threads: Int) -> Neighbors {
        precondition(queries.count == rows * dimension, "queries are not rows × \(dimension)")
        let k = min(max(k, 0), count)
        var indices = [Int32](repeating: 0, count: rows * k)
        var keys = [Float](repeating: 0, count: rows * k)
        guard k > 0, rows > 0 else { return Neighbors(rows: rows, k: k, indices: indices, distances: keys) }
        guard let tree = searchTree else {
            // built exactly (few points): answer exactly too
            return (try? BruteForceKNN(points, rows: count, cols: dimension))?.query(queries, rows: rows, k: k, threads: threads)
                ?? Neighbors(rows: rows, k: k, indices: indices, distances: keys)
        }
        let (d, n, gk, seed) = (dimension, count, graph.k, options.seed)
        let scale = (1 + options.searchEpsilon) * (1 + options.searchEpsilon)
        queries.withUnsafeBufferPointer { qb in
            points.withUnsafeBufferPointer { pb in
                graph.indices.withUnsafeBufferPointer { gb in
                    indices.withUnsafeMutableBufferPointer { ib in
                        keys.withUnsafeMutableBufferPointer { kb in
                            nonisolated(unsafe) let (q, p, g, idx, key) =
                                (qb.baseAddress!, pb.baseAddress!, gb.baseAddress!, ib.baseAddress!, kb.baseAddress!)
                            Parallel.forEachRange(count: rows, threads: threads, grain: 64) { range in
                                var visited = [UInt64](repeating: 0, count: (n + 63) / 64)
                                var touched: [Int32] = []
                                var frontier = CandidateQueue()
                                for row in range {
                                    let x = q + row * d
                                    var heap = BoundedHeap(keys: key + row * k, values: idx + row * k, capacity: k)
                                    @inline(__always) func visit(_ j: Int32) {
                                        let word = Int(j) >> 6, bit = UInt64(1) << UInt64(j & 63)
                                        if visited[word] & bit != 0 { return }
                                        visited[word] |= bit
                                        touched.append(j)
                                        let dist = VectorKernels.squaredDistance(x, p + Int(j) * d, d)
                                        let bound = heap.count < k ? Float.infinity : heap.keys[0] * scale
                                        if dist < bound {
                                            if heap.accepts(dist, j) { heap.offer(dist, j) }
                                            frontier.push(dist, j)
                                        }
                                    }
                                    for j in tree.leaf(tree.leaf(of: x)) { visit(j) }
                                    var attempt: UInt64 = 0
                                    while heap.count < k && attempt < UInt64(2 * k + 16) {
                                        visit(Int32(mix(seed, UInt64(row), attempt) % UInt64(n)))
                                        attempt += 1
                                    }
                                    while let (dist, c) = frontier.pop() {
                                        if heap.count == k && dist > heap.keys[0] * scale { break }
                                        let row = g + Int(c) * gk
                                        for s in 0..<gk { visit(row[s]) }
                                    }
                                    heap.sortAscending()
                                    for j in touched { visited[Int(j) >> 6] = 0 }
                                    touched.removeAll(keepingCapacity: true)
                                    frontier.removeAll()
                                }
                            }
                        }
                    }
                }
            }
        }
        return Neighbors(rows: rows, k: k, indices: indices, distances: keys.map { $0.squareRoot() })
    }
}

/// A binary min-heap of (squared distance, index): the search frontier.
struct CandidateQueue {
    private var keys: [Float] = []
    private var values: [Int32] = []

    mutating func push(_ key: Float, _ value: Int32) {
        keys.append(key); values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard key < keys[parent] || (key == keys[parent] && value < values[parent]) else { break }
            keys[i] = keys[parent]; values[i] = values[parent]
            i = parent
        }
        keys[i] = key; values[i] = value
    }

    mutating func pop() -> (Float, Int32)? {
        guard let topKey = keys.first else { return nil }
        let top = (topKey, values[0])
        let key = keys.removeLast(), value = values.removeLast()
        let n = keys.count
        if n > 0 {
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && (keys[l + 1] < keys[l] || (keys[l + 1] == keys[l] && values[l + 1] < values[l])) { c = l + 1 }
                guard keys[c] < key || (keys[c] == key && values[c] < value) else { break }
                keys[i] = keys[c]; values[i] = values[c]
                i = c
            }
            keys[i] = key; values[i] = value
        }
        return top
    }

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); values.removeAll(keepingCapacity: true) }
}
