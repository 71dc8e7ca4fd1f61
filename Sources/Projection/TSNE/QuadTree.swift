/// A Barnes–Hut quad tree over 2-D points, stored as a flat array of nodes.
///
/// Points are sorted along a Morton (Z-order) curve of a 2³²×2³² grid over their bounding square; every node then
/// covers a contiguous run of the sorted points and its non-empty children are stored next to each other, which
/// keeps traversals cache-friendly. A node is a leaf when it holds one point or sits at the deepest level (points
/// that share a grid cell, such as duplicates). The cell side at level `l` is `side / 2^l`, and nodes record their
/// centre of mass and point count, as openTSNE's tree does.
struct QuadTree {
    /// One cell of the tree.
    struct Node {
        /// Centre of mass of the points below.
        var x: Double, y: Double
        /// Number of points below.
        var count: Int32
        /// Index of the first child in `nodes` (children are contiguous); 0 for a leaf.
        var firstChild: Int32
        /// Number of non-empty children; 0 for a leaf.
        var childCount: Int16
        /// Depth (0 for the root).
        var level: Int16
    }

    static let maxLevel = 32

    private(set) var nodes: [Node] = []
    /// Point indices sorted along the Morton curve.
    private(set) var order: [Int32] = []
    /// For each point, the leaf that holds it.
    private(set) var leafOf: [Int32] = []
    /// The side length of the root cell.
    private(set) var side: Double = 0
    /// Squared cell side per level.
    private(set) var sideSquared: [Double] = []

    private var codes: [(code: UInt64, index: Int32)] = []

    /// Rebuilds the tree over the `count` points of the row-major `count × 2` array `points`.
    mutating func build(_ points: UnsafePointer<Double>, count: Int) {
        nodes.removeAll(keepingCapacity: true)
        guard count > 0 else { order = []; leafOf = []; return }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for i in 0..<count {
            let px = points[2 * i], py = points[2 * i + 1]
            minX = min(minX, px); maxX = max(maxX, px); minY = min(minY, py); maxY = max(maxY, py)
        }
        side = max(maxX - minX, maxY - minY)
        let cx = (minX + maxX) / 2, cy = (minY + maxY) / 2
        let ox = cx - side / 2, oy = cy - side / 2
        sideSquared = (0...Self.maxLevel).map { l in let s = side / Double(1 << l); return s * s }
        let scale = side > 0 ? 4_294_967_296.0 / side : 0
        codes.removeAll(keepingCapacity: true)
        for i in 0..<count {
            let qx = UInt32(clamping: Int64(((points[2 * i] - ox) * scale).rounded(.down)))
            let qy = UInt32(clamping: Int64(((points[2 * i + 1] - oy) * scale).rounded(.down)))
            codes.append((Self.interleave(qx, qy), Int32(i)))
        }
        codes.sort { $0.code < $1.code || ($0.code == $1.code && $0.index < $1.index) }
        if order.count != count {
            order = .init(repeating: 0, count: count)
            leafOf = .init(repeating: 0, count: count)
        }
        for i in 0..<count { order[i] = codes[i].index }
        nodes.reserveCapacity(2 * count)
        nodes.append(Node(x: 0, y: 0, count: 0, firstChild: 0, childCount: 0, level: 0))
        codes.withUnsafeBufferPointer { cb in
            fill(node: 0, range: 0..<count, level: 0, codes: cb, points: points)
        }
    }

    /// Fills in node `index` covering sorted points `range` at `level`, appending its children.
    private mutating func fill(node index: Int, range: Range<Int>, level: Int,
                               codes: UnsafeBufferPointer<(code: UInt64, index: Int32)>, points: UnsafePointer<Double>) {
        nodes[index].level = Int16(level)
        nodes[index].count = Int32(range.count)
        if range.count == 1 || level == Self.maxLevel || codes[range.lowerBound].code == codes[range.upperBound - 1].code {
            var sx = 0.0, sy = 0.0
            for s in range {
                let p = Int(codes[s].index)
                sx += points[2 * p]; sy += points[2 * p + 1]
                leafOf[p] = Int32(index)
            }
            nodes[index].x = sx / Double(range.count)
            nodes[index].y = sy / Double(range.count)
            return
        }
        // split the run by the two code bits of this level
        let shift = UInt64(62 - 2 * level)
        var bounds: [Range<Int>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let quadrant = (codes[start].code >> shift) & 3
            var end = start + 1
            while end < range.upperBound && (codes[end].code >> shift) & 3 == quadrant { end += 1 }
            bounds.append(start..<end)
            start = end
        }
        if bounds.count == 1 {
            // all points in one quadrant: descend without creating a single-child chain node
            // (the node then carries the deeper, smaller cell, which gives the same forces as a chain would)
            fill(node: index, range: range, level: level + 1, codes: codes, points: points)
            return
        }
        let first = nodes.count
        nodes[index].firstChild = Int32(first)
        nodes[index].childCount = Int16(bounds.count)
        for _ in bounds { nodes.append(Node(x: 0, y: 0, count: 0, firstChild: 0, childCount: 0, level: 0)) }
        var sx = 0.0, sy = 0.0
        for (c, b) in bounds.enumerated() {
            fill(node: first + c, range: b, level: level + 1, codes: codes, points: points)
            sx += nodes[first + c].x * Double(b.count)
            sy += nodes[first + c].y * Double(b.count)
        }
        nodes[index].x = sx / Double(range.count)
        nodes[index].y = sy / Double(range.count)
    }

    /// Interleaves the bits of x (even positions) and y (odd positions).
    @inline(__always)
    static func interleave(_ x: UInt32, _ y: UInt32) -> UInt64 {
        func spread(_ v: UInt32) -> UInt64 {
            var x = UInt64(v)
            x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
            x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
            x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F
            x = (x | (x << 2)) & 0x3333_3333_3333_3333
            x = (x | (x << 1)) & 0x5555_5555_5555_5555
            return x
        }
        return spread(x) | (spread(y) << 1)
    }
}
