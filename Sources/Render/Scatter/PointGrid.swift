// MARK: - PointGrid

/// The points of a plot bucketed into a uniform grid over their bounding box, for finding the point nearest the
/// cursor without looking at all of them (a million points take milliseconds to scan; a grid of about four points
/// per bucket needs a few dozen).
public struct PointGrid: Sendable {
    private let side: Int
    private let minX: Double, minY: Double
    private let bucketWidth: Double, bucketHeight: Double
    /// Bucket `b` holds `order[start[b]..<start[b + 1]]`; buckets are row-major (`y · side + x`).
    private let start: [Int32]
    private let order: [Int32]

    /// Points per bucket aimed at.
    static let pointsPerBucket = 4

    /// Buckets the finite points of `points` (interleaved x, y).
    public init(points: [Float]) {
        let n = points.count / 2
        var lo = (x: Double.infinity, y: Double.infinity), hi = (x: -Double.infinity, y: -Double.infinity)
        for i in 0..<n {
            let x = Double(points[2 * i]), y = Double(points[2 * i + 1])
            guard x.isFinite, y.isFinite else { continue }
            lo = (min(lo.x, x), min(lo.y, y))
            hi = (max(hi.x, x), max(hi.y, y))
        }
        let finite = lo.x <= hi.x
        side = finite ? max(1, min(2_048, Int(Double(n / Self.pointsPerBucket).squareRoot()))) : 1
        minX = finite ? lo.x : 0
        minY = finite ? lo.y : 0
        bucketWidth = finite && hi.x > lo.x ? (hi.x - lo.x) / Double(side) : 1
        bucketHeight = finite && hi.y > lo.y ? (hi.y - lo.y) / Double(side) : 1
        var bucketOf = [Int32](repeating: -1, count: n)
        var start = [Int32](repeating: 0, count: side * side + 1)
        let (side, minX, minY, bw, bh) = (side, minX, minY, bucketWidth, bucketHeight)
        func clamp(_ v: Double) -> Int { min(side - 1, max(0, Int(v))) }
        for i in 0..<n {
            let x = Double(points[2 * i]), y = Double(points[2 * i + 1])
            guard x.isFinite, y.isFinite else { continue }
            let b = clamp((y - minY) / bh) * side + clamp((x - minX) / bw)
            bucketOf[i] = Int32(b)
            start[b + 1] += 1
        }
        for b in 0..<(side * side) { start[b + 1] += start[b] }
        var fill = start
        var order = [Int32](repeating: 0, count: Int(start[side * side]))
        for i in 0..<n where bucketOf[i] >= 0 {
            let b = Int(bucketOf[i])
            order[Int(fill[b])] = Int32(i)
            fill[b] += 1
        }
        self.start = start
        self.order = order
    }

    /// The point nearest (`x`, `y`) for which `include` holds, distances measured as
    /// `((px − x)·sx)² + ((py − y)·sy)²`, within `maxDistance` of it; ties go to the lower index. nil if none.
    public func nearest(x: Double, y: Double, sx: Double, sy: Double, maxDistance: Double = .infinity,
                        points: [Float], include: (Int) -> Bool) -> Int? {
        guard !order.isEmpty, x.isFinite, y.isFinite else { return nil }
        let cx = Int(((x - minX) / bucketWidth).rounded(.down)), cy = Int(((y - minY) / bucketHeight).rounded(.down))
        // a bucket r rings away lies at least (r − 1) bucket sides from the query along one axis
        let ringStep = min(bucketWidth * abs(sx), bucketHeight * abs(sy))
        var best: Int?
        var bestDistance = maxDistance * maxDistance
        // the rings that can hold buckets at all: from the query's bucket (maybe outside) to the far side
        let farthest = max(abs(cx), abs(cx - (side - 1)), abs(cy), abs(cy - (side - 1)))
        var r = 0
        while r <= farthest {
            if r > 1 {
                let bound = Double(r - 1) * ringStep
                if bound * bound > bestDistance { break }
            }
            for gy in (cy - r)...(cy + r) where gy >= 0 && gy < side {
                let onEdge = gy == cy - r || gy == cy + r
                var gx = cx - r
                while gx <= cx + r {
                    if gx >= 0 && gx < side {
                        let b = gy * side + gx
                        for s in Int(start[b])..<Int(start[b + 1]) {
                            let i = Int(order[s])
                            let dx = (Double(points[2 * i]) - x) * sx, dy = (Double(points[2 * i + 1]) - y) * sy
                            let d = dx * dx + dy * dy
                            guard d < bestDistance || (d == bestDistance && (best.map { i < $0 } ?? true)) else { continue }
                            guard include(i) else { continue }
                            best = i
                            bestDistance = d
                        }
                    }
                    // inside the ring only its left and right buckets are new
                    gx += onEdge || gx == cx + r ? 1 : 2 * r
                }
            }
            r += 1
        }
        return best
    }
}
