/// The k nearest neighbours of a set of query points: row-major `rows × k` indices and distances, nearest first.
public struct Neighbors: Sendable, Equatable {
    /// The number of query points.
    public let rows: Int
    /// The number of neighbours per query point.
    public let k: Int
    /// Row-major `rows × k` indices into the indexed points, nearest first (ties by smaller index). 32-bit, so
    /// the 90 neighbours of a million points take 360 MB rather than 720 MB.
    public var indices: [Int32]
    /// Row-major `rows × k` Euclidean distances (not squared), ascending within a row.
    public var distances: [Float]

    /// Creates neighbour lists from their parts.
    public init(rows: Int, k: Int, indices: [Int32], distances: [Float]) {
        precondition(indices.count == rows * k && distances.count == rows * k, "neighbour lists are not rows × k")
        self.rows = rows
        self.k = k
        self.indices = indices
        self.distances = distances
    }

    /// The neighbour indices of query `row`.
    public func indices(of row: Int) -> ArraySlice<Int32> { indices[(row * k)..<((row + 1) * k)] }

    /// The neighbour distances of query `row`.
    public func distances(of row: Int) -> ArraySlice<Float> { distances[(row * k)..<((row + 1) * k)] }
}

/// An index over a fixed set of points that answers k-nearest-neighbour queries in Euclidean distance.
///
/// `k` larger than the number of candidates is clamped: the result's `k` says how many neighbours each row has.
public protocol KNNIndex: Sendable {
    /// The number of indexed points.
    var count: Int { get }
    /// Their dimension.
    var dimension: Int { get }

    /// The `k` nearest indexed points to each row of the row-major `rows × dimension` matrix `queries`.
    func query(_ queries: [Float], rows: Int, k: Int, threads: Int) -> Neighbors

    /// The `k` nearest other indexed points of every indexed point (a point is never its own neighbour;
    /// duplicates of it are).
    func neighborsOfIndexedPoints(k: Int, threads: Int) -> Neighbors

    /// `neighborsOfIndexedPoints(k:threads:)` in small parts, calling `progress` with the points done and the
    /// total before the first part and after each; nil when `progress` returns false (the search stops there).
    func neighborsOfIndexedPoints(k: Int, threads: Int,
                                  progress: (_ done: Int, _ total: Int) -> Bool) -> Neighbors?
}

extension KNNIndex {
    /// One part: progress before and after the whole search.
    public func neighborsOfIndexedPoints(k: Int, threads: Int,
                                         progress: (_ done: Int, _ total: Int) -> Bool) -> Neighbors? {
        guard progress(0, count) else { return nil }
        let result = neighborsOfIndexedPoints(k: k, threads: threads)
        return progress(count, count) ? result : nil
    }
}


