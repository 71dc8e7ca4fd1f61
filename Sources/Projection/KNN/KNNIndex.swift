/// The k nearest neighbours of a set of query points: row-major `rows × k` indices and distances, nearest first.
public struct Neighbors: Sendable, Equatable {
    /// The number of query points.
    public let rows: Int
    /// The number of neighbours per query point.
    public let k: Int
    /// Row-major `rows × k` indices into the indexed points, nearest first (ties by smaller index).
    public var indices: [Int]
    /// Row-major `rows × k` Euclidean distances (not squared), ascending within a row.
    public var distances: [Float]

    /// Creates neighbour lists from their parts.
    public init(rows: Int, k: Int, indices: [Int], distances: [Float]) {
        precondition(indices.count == rows * k && distances.count == rows * k, "neighbour lists are not rows × k")
        self.rows = rows
        self.k = k
        self.indices = indices
        self.distances = distances
    }

    /// The neighbour indices of query `row`.
    public func indices(of row: Int) -> ArraySlice<Int> { indices[(row * k)..<((row + 1) * k)] }

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
}

/// Picks the faster exact index for the data's dimension.
public enum KNN {
    /// Up to this many dimensions the vantage-point tree is used (10-NN of 10,000 points: about 12× faster than
    /// brute force in 2-D, even at 16-D; see `latent bench --only projection.tsne`).
    public static let treeDimensionLimit = 8

    /// An exact index over the row-major `rows × cols` matrix: a `VantagePointTree` for low dimensions, else a
    /// `BruteForceKNN`.
    ///
    /// - Throws: `ProjectionError` for an empty, mis-sized or non-finite matrix.
    public static func index(_ points: [Float], rows: Int, cols: Int) throws(ProjectionError) -> any KNNIndex {
        cols <= treeDimensionLimit ? try VantagePointTree(points, rows: rows, cols: cols)
                                   : try BruteForceKNN(points, rows: rows, cols: cols)
    }
}
