/// A Barnes–Hut quad tree over 2-D points, stored as a flat array of nodes in depth-first pre-order.
///
/// Points are sorted along a Morton (Z-order) curve of a 2³²×2³² grid over their bounding square; every node then
/// covers a contiguous run of the sorted points. Nodes are laid out in pre-order, each with a `skip` link to the
/// node after its subtree, so a traversal is a forward scan (`i + 1` to descend, `skip` to move past a summarised
/// cell) with no stack. A node is a leaf when it holds one point or sits at the deepest level (points that share a
/// grid cell, such as duplicates). The cell side at level `l` is `side / 2^l`; nodes record their centre of mass
/// and point count, as openTSNE's tree does. A cell whose points all fall in one quadrant is not stored: its
/// single child stands for it (which gives the same forces, as the child's centre of mass is the same).
struct QuadTree {
    /// One cell of the tree.
    struct Node {
        /// Centre of mass of the points below.
        var x: Double, y: Double
        /// Number of points below.
        var count: Int32
        /// Index of the node after this node's subtree (its children, if any, are `index + 1 ..< skip`).
        var skip: Int32
        /// Depth (0 for the root cell).
        var level: Int16
        /// Whether the node has no children.
        var isLeaf: Bool
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
            let qx = Self.quantise((points[2 * i] - ox) * scale)
            let qy = Self.quantise((points[2 * i + 1] - oy) * scale)
            codes.append((Self.interleave(qx, qy), Int32(i)))
        }
        codes.sort { $0.code < $1.code || ($0.code == $1.code && $0.index < $1.index) }
        if order.count != count {
            order = .init(repeating: 0, count: count)
            leafOf = .init(repeating: 0, count: count)
        }
        for i in 0..<count { order[i] = codes[i].index }
        nodes.reserveCapacity(2 * count)
        codes.withUnsafeBufferPointer { cb in
            _ = fill(range: 0..<count, level: 0, codes: cb, points: points)
        }
    }

    /// Appends the subtree of the sorted points `range` whose cell is at `level`; returns its root's index.
    private mutating func fill(range: Range<Int>, level start: Int,
                               codes: UnsafeBufferPointer<(code: UInt64, index: Int32)>, points: UnsafePointer<Double>) -> Int {
        let index = nodes.count
        nodes.append(Node(x: 0, y: 0, count: Int32(range.count), skip: 0, level: Int16(start), isLeaf: true))
        let sameCell = codes[range.lowerBound].code == codes[range.upperBound - 1].code
        if range.count == 1 || start >= Self.maxLevel || sameCell {
            var sx = 0.0, sy = 0.0
            for s in range {
                let p = Int(codes[s].index)
                sx += points[2 * p]; sy += points[2 * p + 1]
                leafOf[p] = Int32(index)
            }
            nodes[index].x = sx / Double(range.count)
            nodes[index].y = sy / Double(range.count)
            nodes[index].skip = Int32(index + 1)
            return index
        }
        // descend until the run splits over two or more quadrants (the codes differ, so it does by level 32)
        var level = start
        var bounds: [Range<Int>] = []
        while true {
            bounds.removeAll(keepingCapacity: true)
            let shift = UInt64(62 - 2 * level)
            var lo = range.lowerBound
            while lo < range.upperBound {
                let quadrant = (codes[lo].code >> shift) & 3
                var hi = lo + 1
                while hi < range.upperBound && (codes[hi].code >> shift) & 3 == quadrant { hi += 1 }
                bounds.append(lo..<hi)
                lo = hi
            }
            if bounds.count > 1 { break }
            level += 1
        }
        nodes[index].level = Int16(level)
        nodes[index].isLeaf = false
        var sx = 0.0, sy = 0.0
        for b in bounds {
            let child = fill(range: b, level: level + 1, codes: codes, points: points)
            sx += nodes[child].x * Double(b.count)
            sy += nodes[child].y * Double(b.count)
        }
        nodes[index].x = sx / Double(range.count)
        nodes[index].y = sy / Double(range.count)
        nodes[index].skip = Int32(nodes.count)
        return index
    }

    /// A grid coordinate in 0...2³²−1 (NaN, which only a diverged embedding could hold, maps to 0).
    @inline(__always)
    static func quantise(_ v: Double) -> UInt32 {
        guard v >= 1 else { return 0 }
        return v >= 4_294_967_295 ? .max : UInt32(v)
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
