import Foundation
import Tensors

/// Runs a bundle's encoder over its data in batches, and its decoder over the codes for reconstruction errors,
/// using the analysis cache when it holds a valid entry.
public enum EncodingPipeline {
    /// Samples per batch: large enough for GEMM to run at full speed, small enough to keep memory flat.
    public static let defaultBatchSize = 500

    /// Bumped whenever what the pipeline computes changes, so old cache entries stop matching.
    static let version = "encoding-v2"

    /// Encodes every sample and computes each one's reconstruction error.
    ///
    /// - Parameters:
    ///   - batchSize: samples per encoder and decoder run (the results do not depend on it).
    ///   - progress: called with (samples done, total) after each batch.
    public static func run(model: LatentModel, data: DataSet, batchSize: Int = defaultBatchSize,
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> Encoding {
        let batchSize = max(1, batchSize)
        let n = data.count
        let d = model.latentDim
        var codes = [Float]()
        codes.reserveCapacity(n * d)
        var logvar: [Float]? = model.hasLogvar ? [] : nil
        var errors: [Float]? = model.canDecode ? [] : nil
        var start = 0
        while start < n {
            let range = start..<min(n, start + batchSize)
            let batch = data.normalizedBatch(range)
            let (c, lv) = try model.encode(batch)
            codes += c
            if let lv { logvar? += lv }
            if model.canDecode {
                let decoded = try model.decode(c, count: range.count)
                // Decoded samples come back in the sample range, so they are compared with the scaled inputs.
                let scaled = data.normalization == nil ? batch : data.batch(range)
                let input = scaled.floats ?? scaled.floatValues()
                guard decoded.count == input.count else {
                    throw BundleError(file: model.bundle.decoder?.file.path ?? model.bundle.name,
                                      "the decoder gives \(decoded.count / range.count) values per sample but the data has \(input.count / range.count)")
                }
                errors? += meanSquaredErrors(input, decoded, rows: range.count)
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
    public static func cached(model: LatentModel, data: DataSet, cache: AnalysisCache, batchSize: Int = defaultBatchSize,
                              progress: (Int, Int) -> Void = { _, _ in })
        throws -> (encoding: Encoding, fromCache: Bool, note: String?, key: String) {
        let (stored, key) = try lookup(model: model, data: data, cache: cache)
        if let stored { return (stored, true, nil, key) }
        let encoding = try run(model: model, data: data, batchSize: batchSize, progress: progress)
        guard cache.directory != nil else { return (encoding, false, nil, key) }
        return (encoding, false, store(encoding, key: key, in: cache), key)
    }

    /// Mean squared error per value of each row (summed in double precision).
    static func meanSquaredErrors(_ a: [Float], _ b: [Float], rows: Int) -> [Float] {
        guard rows > 0, a.count == b.count else { return [] }
        let per = a.count / rows
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                (0..<rows).map { r in
                    var s: Double = 0
                    for k in (r * per)..<((r + 1) * per) { let e = Double(a[k] - b[k]); s += e * e }
                    return Float(s / Double(max(per, 1)))
                }
            }
        }
    }
}
