/// A random-projection tree (as pynndescent builds them for Euclidean data): each node splits its points by the
/// hyperplane halfway between two of them, chosen at random, until leaves hold at most `leafSize` points.
///
/// Points in one leaf are likely near each other, so all pairs within the leaves of a few trees give NN-descent a
/// good first graph; the tree also routes a query to a leaf whose points start the graph search.
struct RandomProjectionTree: Sendable {
    /// Point indices, arranged so that every node covers a contiguous range.
    private(set) var order: [Int32] = []
    /// Leaf ranges of `order`: leaf `l` is `leafStart[l] ..< leafStart[l + 1]`.
    private(set) var leafStart: [Int32] = []
    private var nodes: [Node] = []
    /// The hyperplane normals of internal nodes, `dimension` floats each.
    private var normals: [Float] = []
    private let dimension: Int
    /// Below this depth nodes are halved instead of split by a plane (keeps lopsided splits from recursing deeply).
    private static let maxDepth = 100

    private struct Node {
        /// The side test: `offset + normal · x > 0` goes left (internal nodes).
        var offset: Float
        /// Index of the normal in `normals` / d (internal), or the leaf number (−1 − leaf).
        var normal: Int32
        var left: Int32, right: Int32
    }

    /// Builds a tree over the `rows` points of the row-major `rows × cols` matrix, seeded.
    init(_ points: UnsafePointer<Float>, rows: Int, cols: Int, leafSize: Int, seed: UInt64) {
        dimension = cols
        order = (0..<Int32(rows)).map { $0 }
        var rng = SeededGenerator(seed: seed)
        var normal = [Float](repeating: 0, count: cols)
        var side = [Bool](repeating: false, count: rows)
        leafStart.append(0)
        _ = build(0, rows, points, leafSize: max(2, leafSize), depth: 0, rng: &rng, normal: &normal, side: &side)
    }

    /// Builds the subtree over `order[start..<end]`; returns its node index.
    private mutating func build(_ start: Int, _ end: Int, _ points: UnsafePointer<Float>, leafSize: Int, depth: Int,
                                rng: inout SeededGenerator, normal: inout [Float], side: inout [Bool]) -> Int32 {
        let index = Int32(nodes.count)
        if end - start <= leafSize {
            nodes.append(Node(offset: 0, normal: -1 - Int32(leafStart.count - 1), left: -1, right: -1))
            leafStart.append(Int32(end))
            return index
        }
        let d = dimension
        let count = end - start
        let a = Int(order[start + Int(rng.next() % UInt64(count))])
        var b = Int(order[start + Int(rng.next() % UInt64(count - 1))])
        if b == a { b = Int(order[end - 1]) }
        let pa = points + a * d, pb = points + b * d
        var offset: Float = 0
        for c in 0..<d {
            normal[c] = pa[c] - pb[c]
            offset -= normal[c] * (pa[c] + pb[c]) / 2
        }
        var lefts = 0
        for s in start..<end {
            let x = points + Int(order[s]) * d
            var margin = offset
            for c in 0..<d { margin += normal[c] * x[c] }
            // points on the plane (duplicates of both ends, for instance) go either way at random
            let goesLeft = abs(margin) < 1e-8 ? rng.next() & 1 == 0 : margin > 0
            side[s] = goesLeft
            if goesLeft { lefts += 1 }
        }
        var mid: Int
        if lefts == 0 || lefts == count || depth >= Self.maxDepth {
            // nothing separates these points (all equal, say), or the tree is deep: halve them as they are
            mid = start + count / 2
        } else {
            // stable partition: lefts first
            var buffer: [Int32] = []
            buffer.reserveCapacity(count - lefts)
            var w = start
            for s in start..<end {
                if side[s] { order[w] = order[s]; w += 1 } else { buffer.append(order[s]) }
            }
            for (o, v) in buffer.enumerated() { order[w + o] = v }
            mid = start + lefts
        }
        let normalIndex = Int32(normals.count / max(d, 1))
        normals += normal
        nodes.append(Node(offset: offset, normal: normalIndex, left: -1, right: -1))
        let left = build(start, mid, points, leafSize: leafSize, depth: depth + 1, rng: &rng, normal: &normal, side: &side)
        let right = build(mid, end, points, leafSize: leafSize, depth: depth + 1, rng: &rng, normal: &normal, side: &side)
        nodes[Int(index)].left = left
        nodes[Int(index)].right = right
        // a halved node has no meaningful plane: mark it so queries take the left side
        if lefts == 0 || lefts == count || depth >= Self.maxDepth { nodes[Int(index)].offset = .infinity }
        return index
    }

    /// The number of leaves.
    var leafCount: Int { leafStart.count - 1 }

    /// The points of leaf `l`.
    func leaf(_ l: Int) -> ArraySlice<Int32> { order[Int(leafStart[l])..<Int(leafStart[l + 1])] }

    /// The leaf a query point falls in.
    func leaf(of query: UnsafePointer<Float>) -> Int {
        var n = 0
        while true {
            let node = nodes[n]
            if node.normal < 0 { return Int(-1 - node.normal) }
            var margin = node.offset
            if margin.isFinite {
                normals.withUnsafeBufferPointer { nb in
                    let w = nb.baseAddress! + Int(node.normal) * dimension
                    for c in 0..<dimension { margin += w[c] * query[c] }
                }
            }
            n = Int(margin > 0 ? node.left : node.right)
        }
    }
}
