import Foundation
import Tensors

/// Cache entries of encodings: the content key, looking entries up (with or without the models loaded) and
/// storing them.
extension EncodingPipeline {
    /// The cache kind of encoding entries.
    static let cacheKind = "encoding"

    /// The content key of a bundle's encoding: a hash of its model and data files (an image folder's listing) and of
    /// every manifest setting
    /// that changes the results (kind, latent size, sample shape, data scale and array name, input and output
    /// names, decoder activation), but not of its name or class names.
    ///
    /// It needs only the manifest and the files' bytes, so a cached encoding can be found without loading the
    /// models or decompressing the data.
    /// - Parameter cache: remembers the files' hashes while they are unchanged (see `AnalysisCache.contentHash`).
    public static func contentKey(bundle: ModelBundle, cache: AnalysisCache = AnalysisCache(directory: nil)) throws -> String {
        let e = bundle.encoder, d = bundle.decoder, data = bundle.data
        let settings = [
            version, "kind=\(bundle.kind.rawValue)", "d=\(bundle.latentDim.map(String.init) ?? "?")",
            "sample=\(bundle.sample.map { "\($0.shape)" } ?? "?")",
            "normalization=\(data?.normalization.map { "\($0.mean)/\($0.std)" } ?? "none")",
            "data=\(data?.x ?? "")/\(data?.xScale ?? 1)/\(data?.inferScale == true ? "inferred" : "given")",
            "encoder=\(e?.input ?? "")>\(e?.code ?? ""),\(e?.logvar ?? "")",
            "decoder=\(d?.input ?? "")>\(d?.output ?? ""),\(d?.activation.rawValue ?? "")",
        ]
        // Settings added later enter the key only when set, so the keys of bundles without them stay the same.
        + (bundle.latentShape.map { ["latent_shape=\($0)"] } ?? [])
        + (e?.moments.map { ["moments=\($0.rawValue)"] } ?? [])
        + (bundle.sample.flatMap { $0.type == .image && $0.layout == .nhwc ? ["layout=nhwc"] : nil } ?? [])
        + (bundle.layoutHint.map { ["layout-hint=\($0.rawValue)"] } ?? [])
        // An image folder counts by its listing (names, sizes, modification times), not by reading every image.
        let folder = try data.flatMap { $0.isFolder ? try ImageFolder.scan($0.file) : nil }
        do {
            var key = ContentHash()
            key.update(settings.joined(separator: " "))
            if let folder, let data { key.update(DataSet.imagesKey(folder, shape: nil, skipBad: data.skipBad)) }
            key.update(try cache.contentHash(of: bundle.files))
            return key.hex
        } catch {
            throw BundleError(file: bundle.name, "cannot read the bundle's files to hash them (\(error.localizedDescription))")
        }
    }

    /// The cached encoding of `data` by `model`, when `cache` holds a valid entry (nothing is computed), and the
    /// content key it was looked up by. The entry must match the data's size and the model's outputs.
    public static func lookup(model: LatentModel, data: DataSet, cache: AnalysisCache) throws -> (encoding: Encoding?, key: String) {
        let key = try contentKey(bundle: model.bundle, cache: cache)
        guard cache.directory != nil, let arrays = cache.load(kind: cacheKind, key: key) else { return (nil, key) }
        let encoding = decode(arrays, count: data.count, dimensions: model.latentDim, logvar: model.hasLogvar,
                              errors: model.canDecode)
        return (encoding, key)
    }

    /// The cached encoding of a bundle found from its manifest and file contents alone, without loading its models
    /// or data; nil when there is no valid entry (then load them and run the pipeline).
    public static func lookup(bundle: ModelBundle, cache: AnalysisCache) throws -> (encoding: Encoding?, key: String) {
        let key = try contentKey(bundle: bundle, cache: cache)
        guard cache.directory != nil, let arrays = cache.load(kind: cacheKind, key: key) else { return (nil, key) }
        // A manifest VAE names its log-variance output; a bring-your-own VAE has one only if its encoder does.
        let logvar: Bool? = bundle.kind == .ae ? false
            : (bundle.encoder?.logvar != nil || bundle.encoder?.moments != nil ? true : nil)
        let encoding = decode(arrays, count: nil, dimensions: bundle.latentDim, logvar: logvar,
                              errors: bundle.decoder != nil)
        return (encoding, key)
    }

    /// Stores an encoding under its content key; returns a note when it could not be written.
    @discardableResult
    public static func store(_ encoding: Encoding, key: String, in cache: AnalysisCache) -> String? {
        cache.store(kind: cacheKind, key: key, arrays: encode(encoding)).map { "latents not cached: \($0)" }
    }

    // MARK: - Entries

    static func encode(_ e: Encoding) -> [String: Tensor] {
        var arrays: [String: Tensor] = [:]
        arrays["codes"] = try? Tensor(shape: [e.count, e.dimensions], floats: e.codes)
        if let lv = e.logvar { arrays["logvar"] = try? Tensor(shape: [e.count, e.dimensions], floats: lv) }
        if let r = e.reconstructionError { arrays["recon"] = try? Tensor(shape: [e.count], floats: r) }
        return arrays
    }

    /// The encoding an entry holds, or nil when it is not a whole, finite encoding of the expected size.
    ///
    /// - Parameters: nil for `count` or `dimensions` takes the entry's; nil for `logvar` accepts an entry with or
    ///   without log-variances; true or false for `logvar` and `errors` requires them present or ignores them.
    static func decode(_ arrays: [String: Tensor], count: Int?, dimensions: Int?, logvar: Bool?, errors: Bool) -> Encoding? {
        guard let c = arrays["codes"], c.rank == 2, let codes = c.floats else { return nil }
        let n = c.shape[0], d = c.shape[1]
        guard n >= 1, d >= 1, count == nil || count == n, dimensions == nil || dimensions == d else { return nil }
        var lv: [Float]?
        if logvar != false, let t = arrays["logvar"] {
            guard t.shape == [n, d], let values = t.floats else { return nil }
            lv = values
        }
        if logvar == true && lv == nil { return nil }
        var recon: [Float]?
        if errors {
            guard let t = arrays["recon"], t.shape == [n], let values = t.floats else { return nil }
            recon = values
        }
        // The pipeline never stores NaN or infinity (the model's outputs are checked), so an entry holding one is
        // damaged.
        guard allFinite(codes), allFinite(lv ?? []), allFinite(recon ?? []) else { return nil }
        return Encoding(codes: codes, logvar: lv, reconstructionError: recon, count: n, dimensions: d)
    }

    /// Whether no value is NaN or infinite.
    private static func allFinite(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { buffer in
            // NaN or ±infinity makes the sum of zero-weighted values NaN: one branch-free pass.
            var sum: Float = 0
            for x in buffer { sum += x * 0 }
            return sum == 0
        }
    }
}
