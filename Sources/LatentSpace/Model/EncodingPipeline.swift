import Foundation
import Tensors

/// Runs a bundle's encoder over its data in batches, and its decoder over the codes for reconstruction errors,
/// using the analysis cache when it holds a valid entry.
public enum EncodingPipeline {
    /// Samples per batch: large enough for GEMM to run at full speed, small enough to keep memory flat.
    public static let batchSize = 500

    /// Bumped whenever what the pipeline computes changes, so old cache entries stop matching.
    static let version = "encoding-v1"

    /// Encodes every sample and computes each one's reconstruction error.
    ///
    /// - Parameter progress: called with (samples done, total) after each batch.
    public static func run(model: LatentModel, data: DataSet,
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> Encoding {
        let n = data.count
        let d = model.latentDim
        var codes = [Float]()
        codes.reserveCapacity(n * d)
        var logvar: [Float]? = model.hasLogvar ? [] : nil
        var errors: [Float]? = model.canDecode ? [] : nil
        var start = 0
        while start < n {
            let range = start..<min(n, start + batchSize)
            let batch = data.batch(range)
            let (c, lv) = try model.encode(batch)
            codes += c
            if let lv { logvar? += lv }
            if model.canDecode {
                let decoded = try model.decode(c, count: range.count)
                errors? += meanSquaredErrors(batch.floats ?? batch.floatValues(), decoded, rows: range.count)
            }
            start = range.upperBound
            progress(start, n)
        }
        return Encoding(codes: codes, logvar: logvar, reconstructionError: errors, count: n, dimensions: d)
    }

    /// Like `run`, but reads the result from `cache` when a valid entry exists and stores it otherwise.
    ///
    /// - Returns: the encoding, whether it came from the cache, a note when the cache could not be written, and
    ///   the content key of the inputs (for caches derived from the encoding, such as t-SNE coordinates).
    public static func cached(model: LatentModel, data: DataSet, cache: AnalysisCache,
                              progress: (Int, Int) -> Void = { _, _ in })
        throws -> (encoding: Encoding, fromCache: Bool, note: String?, key: String) {
        let key = try contentKey(model: model, data: data)
        guard cache.directory != nil else { return (try run(model: model, data: data, progress: progress), false, nil, key) }
        if let arrays = cache.load(kind: "encoding", key: key), let encoding = decode(arrays, count: data.count, dimensions: model.latentDim,
                                                                                   logvar: model.hasLogvar, errors: model.canDecode) {
            return (encoding, true, nil, key)
        }
        let encoding = try run(model: model, data: data, progress: progress)
        let note = cache.store(kind: "encoding", key: key, arrays: encode(encoding)).map { "latents not cached: \($0)" }
        return (encoding, false, note, key)
    }

    /// The content hash of the model and data files and the encoding parameters.
    public static func contentKey(model: LatentModel, data: DataSet) throws -> String {
        do {
            return try ContentHash.of(files: model.bundle.files, parameters: "\(version) \(model.latentDim) \(data.scale)")
        } catch {
            throw BundleError(file: model.bundle.name, "cannot read the bundle's files to hash them (\(error.localizedDescription))")
        }
    }

    /// Mean squared error per value of each row.
    static func meanSquaredErrors(_ a: [Float], _ b: [Float], rows: Int) -> [Float] {
        guard rows > 0 else { return [] }
        let per = a.count / rows
        return (0..<rows).map { r in
            var s: Float = 0
            for k in (r * per)..<((r + 1) * per) { let e = a[k] - b[k]; s += e * e }
            return s / Float(max(per, 1))
        }
    }

    // MARK: - Cache entries

    static func encode(_ e: Encoding) -> [String: Tensor] {
        var arrays: [String: Tensor] = [:]
        arrays["codes"] = try? Tensor(shape: [e.count, e.dimensions], floats: e.codes)
        if let lv = e.logvar { arrays["logvar"] = try? Tensor(shape: [e.count, e.dimensions], floats: lv) }
        if let r = e.reconstructionError { arrays["recon"] = try? Tensor(shape: [e.count], floats: r) }
        return arrays
    }

    static func decode(_ arrays: [String: Tensor], count n: Int, dimensions d: Int, logvar: Bool, errors: Bool) -> Encoding? {
        guard let codes = arrays["codes"]?.floats, codes.count == n * d else { return nil }
        let lv = arrays["logvar"]?.floats
        let recon = arrays["recon"]?.floats
        if logvar && lv?.count != n * d { return nil }
        if errors && recon?.count != n { return nil }
        return Encoding(codes: codes, logvar: logvar ? lv : nil, reconstructionError: errors ? recon : nil, count: n, dimensions: d)
    }
}
