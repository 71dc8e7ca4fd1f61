import Foundation
import LatentSpace
import Projection
import Render

/// Everything the explorer shows that does not change while it runs: the model, its data and codes, the class
/// names, and what is computed once up front (PCA, per-dimension statistics, class means, the reconstruction
/// ranking). Built once, before the first frame.
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
    /// PCA of the codes and the codes in PCA coordinates (N × components).
    public let pca: PCA
    public let pcaCoordinates: [Float]
    /// Per-dimension statistics of the codes (and KL for a VAE).
    public let stats: DimensionStats
    /// The mean code of each class (nil for an empty class).
    public let classMeans: [[Float]?]
    /// The classes held out as anomalies (the manifest's `anomaly_classes`; empty without them or for clusters).
    public let anomalyClasses: [String]
    /// One flag per point: whether it belongs to an anomaly class (nil without anomaly classes).
    public let anomalies: [Bool]?
    /// The reconstruction-error scores, percentiles and ranking (nil without reconstruction errors).
    public let reconstructionTable: OutlierTable?
    /// Embeddings of background projections found in the cache at start.
    public let cachedProjections: [ProjectionMethod: [Float]]
    /// The background projections that can run on these codes.
    public let jobs: [ProjectionMethod: ProjectionJob]
    public let display: DisplayOptions
    public let model: (any ExplorerModel)?
    public let data: DataSet?
    /// What a decoded or input sample looks like.
    public let sample: ModelBundle.Sample?
    /// One code's shape as the decoder takes it (`[latentDim]` for a flat latent); codes are flat here.
    public let latentShape: [Int]
    /// The bundle folder or manifest the context came from (saved in sessions), if any.
    public let source: String?
    /// Threads for the heavy work (outlier scores, placements).
    public let threads: Int
    /// Encoded images by their pixels and size, so redrawing an unchanged screen encodes nothing.
    let imageCache = EncodedImageCache()
    /// The plot's point layer and point grid, kept between frames.
    let plotMemo = PlotMemo()

    /// Outliers listed (and ranked by the work that scores them).
    static let rankedOutliers = 50

    public init(name: String, kind: ModelBundle.Kind, encoding: Encoding, classes: [Int], classNames: [String],
                classesAreClusters: Bool, pca: PCA, cachedProjections: [ProjectionMethod: [Float]] = [:],
                display: DisplayOptions, model: (any ExplorerModel)?, data: DataSet?,
                jobs: [ProjectionMethod: ProjectionJob] = [:], source: String? = nil, threads: Int = 2,
                latentShape: [Int]? = nil, anomalyClasses: [String]? = nil) {
        self.name = name
        self.kind = kind
        self.encoding = encoding
        self.classes = classes
        self.classNames = classNames
        self.classesAreClusters = classesAreClusters
        var counts = [Int](repeating: 0, count: classNames.count)
        for c in classes where c >= 0 && c < counts.count { counts[c] += 1 }
        self.classCounts = counts
        self.pca = pca
        self.pcaCoordinates = pca.transform(encoding.codes, rows: encoding.count)
        self.stats = DimensionStats(codes: encoding.codes, logvar: encoding.logvar, dimensions: encoding.dimensions)
        self.classMeans = DimensionStats.classMeans(codes: encoding.codes, labels: classes, dimensions: encoding.dimensions,
                                                    classCount: classNames.count)
        let held = classesAreClusters ? [] : (anomalyClasses ?? []).filter { classNames.contains($0) }
        self.anomalyClasses = held
        let anomalies = held.isEmpty ? nil : AnomalyClasses.flags(held, classes: classNames, labels: classes)
        self.anomalies = anomalies
        self.reconstructionTable = encoding.reconstructionError.map { errors in
            OutlierTable.scoring(errors, ranked: Self.rankedOutliers, anomalies: anomalies)
        }
        self.cachedProjections = cachedProjections.filter { $0.value.count == encoding.count * 2 }
        self.jobs = jobs
        self.display = display
        self.model = model
        self.data = data
        self.sample = model?.sample ?? data?.sample
        self.latentShape = latentShape.flatMap { $0.reduce(1, *) == encoding.dimensions ? $0 : nil } ?? [encoding.dimensions]
        self.source = source
        self.threads = max(1, threads)
    }

    public var count: Int { encoding.count }
    public var latentDim: Int { encoding.dimensions }
    public var classCount: Int { classNames.count }
    /// The latent as the title says it: "16-d", or "4×8×8 (256 values)" for a spatial latent.
    public var latentDescription: String {
        latentShape.count == 1 ? "\(latentDim)-d" : latentShape.map(String.init).joined(separator: "×") + " (\(latentDim) values)"
    }
    /// Whether codes can be decoded (interpolation, sliders and traversals need it).
    public var canDecode: Bool { model?.canDecode == true }

    /// The name of class `c` (or of cluster `c`).
    public func className(_ c: Int) -> String {
        c >= 0 && c < classNames.count ? classNames[c] : "class \(c)"
    }

    /// The input sample `i` scaled to the sample range, or nil without data.
    public func inputValues(_ i: Int) -> [Float]? {
        guard let data, i >= 0, i < data.count else { return nil }
        return data.batch(i..<(i + 1)).floatValues()
    }

    /// The code of a mark.
    public func code(of mark: Mark) -> [Float]? {
        switch mark {
        case .point(let i): return i >= 0 && i < count ? encoding.code(i) : nil
        case .classMean(let c): return c >= 0 && c < classMeans.count ? classMeans[c] : nil
        }
    }

    /// A short name of a mark for the screen.
    public func name(of mark: Mark) -> String {
        switch mark {
        case .point(let i): return "#\(i) \(className(classes[i]))"
        case .classMean(let c): return "mean of \(className(c))"
        }
    }

    /// The 2-D coordinates (N × 2) of PCA components or the raw axes; nil when not possible (a component the
    /// PCA does not have, raw axes of a latent that is not 2-d). Background projections come from their runs.
    public func coordinates(for projection: ProjectionKind) -> [Float]? {
        switch projection {
        case .pca(let x, let y):
            let k = pca.componentCount
            guard x >= 0, y >= 0, x < k, y < k else { return nil }
            var out = [Float](repeating: 0, count: count * 2)
            for i in 0..<count {
                out[2 * i] = pcaCoordinates[i * k + x]
                out[2 * i + 1] = pcaCoordinates[i * k + y]
            }
            return out
        case .raw:
            return latentDim == 2 ? encoding.codes : nil
        case .learned(let method):
            return cachedProjections[method]
        }
    }

    /// The default PCA view: the first two components.
    public var firstComponents: ProjectionKind { .pca(x: 0, y: min(1, pca.componentCount - 1)) }
}
