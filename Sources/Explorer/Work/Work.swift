import LatentSpace

/// Heavy work the state needs: decodes, the nearest data point to a code, placements of new codes into a
/// projection, outlier scores. `update` asks for it with `Effect.work`; the result comes back as a message and
/// is kept in `AppState.work`, keyed by the work itself.
public enum Work: Hashable, Sendable {
    /// Decoded samples of `count` codes (one after another).
    case decode(codes: [Float], count: Int)
    /// The data point whose code is nearest (Euclidean, in latent space).
    case nearest(code: [Float])
    /// Plot coordinates (rows × 2) of new codes in a projection.
    case place(codes: [Float], rows: Int, projection: ProjectionKind, version: Int)
    /// The outlier scores of a method, their percentiles and ranking.
    case outlierTable(OutlierScores.Method)

    /// Whether the work takes seconds (it then runs beside quick work rather than ahead of it).
    public var isLong: Bool {
        if case .outlierTable = self { return true }
        return false
    }
}

/// `Work` and what it needs to be carried out that is not part of its key (the embedding a placement goes into:
/// its version is in the key).
public struct WorkOrder: Equatable, Sendable {
    public var work: Work
    /// For `.place` into a background projection: that projection's coordinates.
    public var embedding: [Float]?

    public init(_ work: Work, embedding: [Float]? = nil) {
        self.work = work
        self.embedding = embedding
    }
}

/// What a piece of work produced.
public enum WorkResult: Equatable, Sendable {
    case values([Float])
    case index(Int?)
    case table(OutlierTable)
    /// Why it failed, in one line (shown in the status line).
    case failure(String)
}

/// An outlier score per point with its percentile, the top of the ranking, and how well the scores find the
/// known anomalies.
public struct OutlierTable: Equatable, Sendable {
    public var scores: [Float]
    public var percentiles: [Float]
    /// The highest-scoring points, highest first.
    public var ranking: [Int]
    /// ROC AUC and average precision against the anomaly classes (nil without them, or when undefined).
    public var quality: RankingQuality?

    public init(scores: [Float], percentiles: [Float], ranking: [Int], quality: RankingQuality? = nil) {
        self.scores = scores
        self.percentiles = percentiles
        self.ranking = ranking
        self.quality = quality
    }

    /// The table of `scores`: percentiles, the top `ranked` points, and the quality against `anomalies` (one flag
    /// per point). Sorts the scores: for the work that scores outliers, not for `update`.
    public static func scoring(_ scores: [Float], ranked: Int, anomalies: [Bool]?) -> OutlierTable {
        OutlierTable(scores: scores, percentiles: Percentiles.ranks(scores),
                     ranking: OutlierScores.ranking(scores, top: ranked),
                     quality: anomalies.flatMap { RankingQuality.measure(scores: scores, isAnomaly: $0) })
    }
}
