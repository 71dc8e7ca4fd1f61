import Foundation
import LatentSpace
import Projection
import Render

/// What a t-SNE run reports: the embedding so far (N × 2) at an iteration.
public struct TSNEReport: Sendable {
    public var iteration: Int
    public var total: Int
    public var kl: Double?
    public var coordinates: [Float]
    /// Whether this reports the nearest-neighbour search before the iterations: `iteration` of `total` points
    /// done, no coordinates.
    public var searchingNeighbors: Bool

    public init(iteration: Int, total: Int, kl: Double?, coordinates: [Float], searchingNeighbors: Bool = false) {
        self.iteration = iteration
        self.total = total
        self.kl = kl
        self.coordinates = coordinates
        self.searchingNeighbors = searchingNeighbors
    }
}

/// Runs t-SNE on the codes, calling `progress` every few iterations (return false to stop) and asking
/// `shouldStop` after every iteration in between (so a cancel is seen within one iteration); returns the final
/// report, or nil when stopped. Stores the result in the cache.
public typealias TSNEJob = @Sendable (_ progress: (TSNEReport) -> Bool, _ shouldStop: () -> Bool) throws -> TSNEReport?

/// Everything the explorer shows that does not change while it runs: the model, its data and codes, the
/// class names, and the projections computed up front. Built once, before the first frame.
public final class ExplorerContext: Sendable {
    public let name: String
    public let kind: ModelBundle.Kind
    public let encoding: Encoding
    /// One class per point: the data's labels, or k-means clusters when it has none.
    public let classes: [Int]
    public let classNames: [String]
    public let classCounts: [Int]
    /// True when `classes` are k-means clusters rather than labels.
    public let classesAreClusters: Bool
    /// Percentile of each point's reconstruction error (nil without a decoder or data).
    public let reconstructionPercentiles: [Float]?
    /// PCA of the codes and the codes in PCA coordinates (N × components).
    public let pca: PCA
    public let pcaCoordinates: [Float]
    /// A t-SNE embedding found in the cache at start.
    public let cachedTSNE: [Float]?
    public let display: DisplayOptions
    public let model: LatentModel?
    public let data: DataSet?
    /// What a decoded or input sample looks like.
    public let sample: ModelBundle.Sample?
    /// Runs t-SNE in the background (nil when it cannot run).
    public let tsneJob: TSNEJob?
    /// The bundle folder or manifest the context came from (saved in sessions), if any.
    public let source: String?

    let statsMemo = Memo<DimensionStats>()
    let knnMemo = Memo<[Float]>()
    let knnPercentileMemo = Memo<[Float]>()
    let classMeansMemo = Memo<[[Float]?]>()
    let reconRankingMemo = Memo<[Int]>()
    let knnRankingMemo = Memo<[Int]>()
    /// Why the last decode of the frame being drawn failed (shown in the status line).
    let decodeFailure = DecodeFailureNote()

    public init(name: String, kind: ModelBundle.Kind, encoding: Encoding, classes: [Int], classNames: [String],
                classesAreClusters: Bool, pca: PCA, cachedTSNE: [Float]?, display: DisplayOptions,
                model: LatentModel?, data: DataSet?, tsneJob: TSNEJob?, source: String? = nil) {
        self.name = name
        self.kind = kind
        self.encoding = encoding
        self.classes = classes
        self.classNames = classNames
        self.classesAreClusters = classesAreClusters
        var counts = [Int](repeating: 0, count: classNames.count)
        for c in classes where c >= 0 && c < counts.count { counts[c] += 1 }
        self.classCounts = counts
        self.reconstructionPercentiles = encoding.reconstructionError.map(Percentiles.ranks)
        self.pca = pca
        self.pcaCoordinates = pca.transform(encoding.codes, rows: encoding.count)
        self.cachedTSNE = cachedTSNE
        self.display = display
        self.model = model
        self.data = data
        self.sample = model?.sample ?? data?.sample
        self.tsneJob = tsneJob
        self.source = source
    }

    public var count: Int { encoding.count }
    public var latentDim: Int { encoding.dimensions }
    public var classCount: Int { classNames.count }

    /// The 2-D coordinates (N × 2) of a projection, or nil when it is not available yet (t-SNE not run) or
    /// not possible (raw axes of a latent that is not 2-d).
    public func coordinates(for projection: ProjectionKind, tsne: [Float]?) -> [Float]? {
        switch projection {
        case .pca(let x, let y):
            let k = pca.componentCount
            guard x < k, y < k else { return nil }
            var out = [Float](repeating: 0, count: count * 2)
            for i in 0..<count {
                out[2 * i] = pcaCoordinates[i * k + x]
                out[2 * i + 1] = k > y ? pcaCoordinates[i * k + y] : 0
            }
            return out
        case .tsne:
            return tsne ?? cachedTSNE
        case .raw:
            return latentDim == 2 ? encoding.codes : nil
        }
    }

    /// The input sample `i` scaled to the sample range, or nil without data.
    public func inputValues(_ i: Int) -> [Float]? {
        guard let data, i >= 0, i < data.count else { return nil }
        return data.batch(i..<(i + 1)).floatValues()
    }

    /// The decoded sample for a latent code, or nil without a decoder; a decoding error becomes nil and is
    /// recorded for the status line (`decodeFailureMessage`).
    public func decodedValues(_ code: [Float]) -> [Float]? {
        guard let model, model.canDecode else { return nil }
        do {
            return try model.decode(code, count: 1)
        } catch {
            decodeFailure.record(error)
            return nil
        }
    }

    /// The decoded samples of several codes (one after another), or nil without a decoder or when decoding
    /// fails (recorded like `decodedValues`).
    public func decodedValues(batch codes: [[Float]]) -> [Float]? {
        guard let model, model.canDecode, !codes.isEmpty else { return nil }
        do {
            return try model.decode(codes.flatMap { $0 }, count: codes.count)
        } catch {
            decodeFailure.record(error)
            return nil
        }
    }

    /// Why a decode failed since the current frame began to be drawn, if one did.
    public var decodeFailureMessage: String? { decodeFailure.current }

    /// The name of class `c` (or of cluster `c`).
    public func className(_ c: Int) -> String {
        c >= 0 && c < classNames.count ? classNames[c] : "class \(c)"
    }
}
