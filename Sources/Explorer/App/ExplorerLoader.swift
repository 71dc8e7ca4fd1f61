import Foundation
import LatentSpace
import Projection
import Tensors

/// Builds the explorer's context from a bundle: loads the models and data, encodes (or reads the cache),
/// assigns classes, and fits PCA. Everything slow happens here, before the first frame.
public enum ExplorerLoader {
    /// Principal components kept for the `x`/`y` axis choice.
    static let pcaComponents = 10

    /// Loads everything the explorer needs.
    ///
    /// - Parameters:
    ///   - progress: called with a stage name and (done, total) while encoding.
    ///   - note: called with one-line remarks for the user (a cache that could not be written, …).
    public static func load(bundle: ModelBundle, display: DisplayOptions, cache: AnalysisCache, threads: Int = 2,
                            progress: (String, Int, Int) -> Void = { _, _, _ in },
                            note: (String) -> Void = { _ in }) throws -> ExplorerContext {
        var model: LatentModel?
        var data: DataSet?
        let encoding: Encoding
        var labels: [Int]?
        let encodingKey: String

        if let latentsFile = bundle.latentsFile {
            let z = try NPY.read(latentsFile)
            let n = z.shape[0], d = z.shape[1]
            let codes = z.floatValues()
            if let bad = codes.firstIndex(where: { !$0.isFinite }) {
                throw BundleError(file: latentsFile.path, "latent \(bad / d) holds a NaN or infinite value")
            }
            if bundle.decoder != nil { model = try LatentModel(bundle: bundle) }
            encoding = Encoding(codes: codes, logvar: nil, reconstructionError: nil, count: n, dimensions: d)
            if let labelsFile = bundle.data?.labelsFile ?? bundle.labelsFileForLatents {
                labels = try DataSet.readLabels(NPY.read(labelsFile), count: n, file: labelsFile.path, classes: bundle.classes)
            }
            // The cache's file hashes are remembered by inode and change time: the files are read once, not at
            // every start.
            var key = ContentHash()
            key.update("latents")
            key.update(try cache.contentHash(of: bundle.files))
            encodingKey = key.hex
        } else {
            let loadedModel = try LatentModel(bundle: bundle)
            let loadedData = try DataSet.load(for: bundle, model: loadedModel, cache: cache, threads: threads,
                                              progress: { done, total in progress("reading images", done, total) },
                                              note: note)
            data = loadedData
            model = loadedModel
            let result = try EncodingPipeline.cached(model: loadedModel, data: loadedData, cache: cache) { done, total in
                progress("encoding", done, total)
            }
            if let remark = result.note { note(remark) }
            encoding = result.encoding
            labels = loadedData.labels
            encodingKey = result.key
        }

        let (classes, names, clusters) = assignClasses(labels: labels, classNames: bundle.classes, encoding: encoding)
        let pca = try PCA.fit(encoding.codes, rows: encoding.count, cols: encoding.dimensions,
                              components: min(pcaComponents, encoding.dimensions))
        var cached: [ProjectionMethod: [Float]] = [:]
        cached[.tsne] = TSNEProjection.cached(cache: cache, encodingKey: encodingKey, count: encoding.count)
        var jobs: [ProjectionMethod: ProjectionJob] = [:]
        jobs[.tsne] = TSNEProjection.job(encoding: encoding, classes: classes, cache: cache, encodingKey: encodingKey,
                                         threads: threads)
        cached[.umap] = UMAPProjection.cached(cache: cache, encodingKey: encodingKey, count: encoding.count)
        jobs[.umap] = UMAPProjection.job(encoding: encoding, cache: cache, encodingKey: encodingKey, threads: threads)
        return ExplorerContext(name: bundle.name, kind: bundle.kind, encoding: encoding, classes: classes,
                               classNames: names, classesAreClusters: clusters, pca: pca, cachedProjections: cached,
                               display: display, model: model, data: data,
                               jobs: jobs, source: bundle.folder?.path, threads: threads,
                               latentShape: model?.latentShape ?? bundle.latentShape,
                               anomalyClasses: bundle.anomalyClasses)
    }

    /// The class of each point: labels with their names, or k-means clusters when there are no labels.
    static func assignClasses(labels: [Int]?, classNames: [String]?, encoding: Encoding) -> ([Int], [String], Bool) {
        if let labels {
            let count = max(classNames?.count ?? 0, (labels.max() ?? -1) + 1)
            let names = (0..<count).map { c in c < (classNames?.count ?? 0) ? classNames![c] : "class \(c)" }
            return (labels, names, false)
        }
        let k = min(8, max(1, encoding.count))
        let clusters = KMeansClasses.assign(encoding: encoding, k: k)
        return (clusters, (0..<k).map { "cluster \($0)" }, true)
    }
}
