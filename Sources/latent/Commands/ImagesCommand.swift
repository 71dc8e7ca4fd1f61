import ArgumentParser
import Foundation
import LatentSpace
import Tensors

/// `latent images DIR --out X.npy [--labels-out Y.npy] [--shape C,H,W]`: an image folder read into arrays.
struct ImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Read a folder of PNG/JPEG images into an array (as --data DIR reads it).",
        discussion: """
        One sub-folder per class (sorted names are the classes) or a flat folder; files sorted by name. Writes \
        uint8 samples [N, C, H, W]; with class sub-folders, --labels-out writes the int64 labels. Images are \
        converted to C channels and, when their size differs, centre-cropped and resized bilinearly to H×W.
        """
    )

    @Argument(help: "The image folder.")
    var folder: String

    @Option(help: "Output NPY file for the uint8 samples [N, C, H, W].")
    var out: String

    @Option(name: .customLong("labels-out"), help: "Output NPY file for the labels (class sub-folders only).")
    var labelsOut: String?

    @Option(help: "C,H,W of each sample (C = 1 or 3). Default: the first image's size, 1 channel if grey, else 3.")
    var shape: String?

    @Option(help: "Decoding threads.")
    var threads: Int = defaultThreadCount

    @Flag(help: "Leave out images that cannot be decoded (with a note) instead of stopping.")
    var skipBad = false

    @Flag(help: "Do not read or write the cache of decoded images.")
    var noCache = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        _ = try sampleShape()
    }

    /// The `--shape` values, or nil when not given.
    private func sampleShape() throws -> [Int]? {
        guard let shape else { return nil }
        let values = shape.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3, let c = values[0], let h = values[1], let w = values[2], c == 1 || c == 3,
              h >= 1, w >= 1, h * w <= ImageDecoder.maxPixels else {
            throw ValidationError("--shape must be C,H,W with C = 1 or 3 and positive H and W (got '\(shape)')")
        }
        return [c, h, w]
    }

    func run() throws {
        try reportingErrors {
            let url = fileURL(folder)
            guard ModelBundle.isFolder(url) else { throw BundleError(file: url.path, "not a folder") }
            try checkWritable(fileURL(out))
            if let labelsOut { try checkWritable(fileURL(labelsOut)) }
            var source = ModelBundle.DataSource(file: url.standardizedFileURL, xScale: 255)
            source.isFolder = true
            source.skipBad = skipBad
            let shape = try sampleShape()
            let bundle = ModelBundle(name: url.lastPathComponent, kind: .ae, latentDim: nil,
                                     sample: shape.map { .init(type: .image, shape: $0) }, encoder: nil, decoder: nil,
                                     data: source)
            let start = Date()
            var bar: ProgressBar?
            let data = try DataSet.load(for: bundle, cache: AnalysisCache(disabled: noCache), threads: threads,
                                        progress: { done, total in
                                            bar = bar ?? ProgressBar("reading images", total: total)
                                            bar?.update(done: done)
                                        },
                                        note: { printNote("latent: \($0)") })
            bar?.finish()
            let seconds = Date().timeIntervalSince(start)
            try NPY.write(data.samples, to: fileURL(out))
            if let labelsOut {
                guard let labels = data.labels else {
                    throw BundleError(file: url.path, "--labels-out: the folder has no class sub-folders, so no labels")
                }
                try NPY.write(Tensor(shape: [labels.count], int64s: labels.map(Int64.init)), to: fileURL(labelsOut))
            }
            printNote("read \(data.count) images into \(data.samples.shape) in \(String(format: "%.3f", seconds)) s")
        }
    }
}
