import Foundation
import Tensors

extension DataSet {
    /// The cache kind of decoded image folders.
    static let imagesCacheKind = "images"
    /// Bumped whenever decoding or conversion changes, so old entries stop matching.
    static let imagesVersion = "images-v1"

    /// Loads a bundle's image folder: from the cache when its listing (names, sizes, modification times) is
    /// unchanged, else decoded on `threads` threads and stored.
    ///
    /// Remarks for the user (files that are not images, images resized or left out) go to `note`, one line each.
    static func loadFolder(for bundle: ModelBundle, source: ModelBundle.DataSource, cache: AnalysisCache,
                           threads: Int, progress: (Int, Int) -> Void, note: (String) -> Void) throws -> DataSet {
        let path = source.file.path
        let size = bundle.sample?.imageSize
        if let sample = bundle.sample, size == nil {
            throw BundleError(file: path, "an image folder needs an image model ('sample.shape' [C, H, W]), not \(sample.shape)")
        }
        let shape = size.map { [$0.channels, $0.height, $0.width] }
        let folder = try ImageFolder.scan(source.file)
        if folder.otherFiles > 0 {
            let other = folder.otherFiles == 1 ? "1 file that is not a PNG or JPEG image" : "\(folder.otherFiles) files that are not PNG or JPEG images"
            note("\(path): skipped \(other)")
        }
        let key = imagesKey(folder, shape: shape, skipBad: source.skipBad)
        var images: ImageFolder.Images
        if let stored = cachedImages(cache, key: key, labelled: folder.classNames != nil) {
            images = stored
        } else {
            images = try folder.read(shape: shape, skipBad: source.skipBad, threads: threads,
                                     progress: progress)
            if cache.directory != nil, let reason = cache.store(kind: imagesCacheKind, key: key, arrays: arrays(of: images)) {
                note("decoded images not cached: \(reason)")
            }
        }
        let n = images.samples.shape[0], read = Array(images.samples.shape.dropFirst())
        if images.resized > 0 {
            note("\(path): \(images.resized) of \(n + images.leftOut) images were not \(read[2])×\(read[1]); "
                 + "centre-cropped to that aspect and resized bilinearly")
        }
        if images.leftOut > 0 {
            note("\(path): left out \(images.leftOut) image\(images.leftOut == 1 ? "" : "s") that cannot be decoded"
                 + (images.firstLeftOut.map { " (first: \($0))" } ?? ""))
        }
        let labels = try images.labels.map { labels in
            try readLabels(Tensor(shape: [labels.count], int64s: labels.map(Int64.init)), count: n, file: path,
                           classes: bundle.classes)
        }
        let sample = bundle.sample ?? inferSample(from: images.samples.shape)
        if sample.layout == .nhwc { images.samples = channelsLast(images.samples) }
        return try DataSet(samples: images.samples, labels: labels, sample: sample, scale: 255)
            .normalized(by: source.normalization)
    }

    /// uint8 samples `[N, C, H, W]` moved to `[N, H, W, C]`.
    static func channelsLast(_ samples: Tensor) -> Tensor {
        guard samples.rank == 4, samples.dtype == .uint8 else { return samples }
        let (n, c, h, w) = (samples.shape[0], samples.shape[1], samples.shape[2], samples.shape[3])
        let source = samples.bytes ?? [], plane = h * w
        var out = [UInt8](repeating: 0, count: source.count)
        for i in 0..<n {
            let base = i * c * plane
            for k in 0..<c { for p in 0..<plane { out[base + p * c + k] = source[base + k * plane + p] } }
        }
        return (try? Tensor(shape: [n, h, w, c], bytes: out)) ?? samples
    }

    /// The cache key of a folder's decoded images: its listing and how it is decoded.
    static func imagesKey(_ folder: ImageFolder, shape: [Int]?, skipBad: Bool) -> String {
        var key = ContentHash()
        key.update("\(imagesVersion) shape=\(shape.map { "\($0)" } ?? "first") skip-bad=\(skipBad)")
        key.update(folder.fingerprint)
        return key.hex
    }

    private static func arrays(of images: ImageFolder.Images) -> [String: Tensor] {
        var arrays = ["x": images.samples]
        arrays["counts"] = try? Tensor(shape: [2], int64s: [Int64(images.leftOut), Int64(images.resized)])
        if let labels = images.labels { arrays["y"] = try? Tensor(shape: [labels.count], int64s: labels.map(Int64.init)) }
        return arrays
    }

    /// The decoded images a cache entry holds, or nil when it holds no whole entry of the kind expected.
    private static func cachedImages(_ cache: AnalysisCache, key: String, labelled: Bool) -> ImageFolder.Images? {
        guard let arrays = cache.load(kind: imagesCacheKind, key: key), let x = arrays["x"], x.dtype == .uint8,
              x.rank == 4, x.shape[0] >= 1, let counts = arrays["counts"]?.int64Values(), counts.count == 2 else { return nil }
        var labels: [Int]?
        if labelled {
            guard let y = arrays["y"], y.shape == [x.shape[0]] else { return nil }
            labels = y.int64Values().map { Int($0) }
        }
        return ImageFolder.Images(samples: x, labels: labels, leftOut: Int(counts[0]), resized: Int(counts[1]),
                                  firstLeftOut: nil)
    }
}
