import ArgumentParser
import Foundation
import LatentSpace
import Tensors

/// `latent decode BUNDLE (--index I | --latent "z1,z2,..." | --latent-file z.npy [--row I])`: a decoded sample as ASCII, blocks, sixel or kitty.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a data point's code or a given latent vector and draw it (ASCII, half-blocks, sixel or kitty graphics).",
        discussion: "With --index, the input and its reconstruction are drawn side by side (use --only-decoded for just the reconstruction)."
    )

    @OptionGroup var model: BundleOptions

    @Option(parsing: .unconditional, help: "Decode the code of this data point.")
    var index: Int?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Decode this latent vector (comma-separated, d values; may start with a minus sign).", valueName: "z1,z2,..."))
    var latent: String?

    @Option(help: ArgumentHelp("Decode a code read from this .npy (N × d, or N × the latent shape; row 0 unless --row).", valueName: "z.npy"))
    var latentFile: String?

    @Option(parsing: .unconditional, help: "With --latent-file, the row to decode.")
    var row: Int?

    @Option(help: "ascii, blocks (Unicode half-blocks, 256 colours), sixel or kitty (the kitty graphics protocol).")
    var format: SampleFormat = .blocks

    @Option(parsing: .unconditional, help: "Size multiplier (default 8 for sixel and kitty: 28 px become 224 px; 1 for ascii and blocks).")
    var scale: Int?

    @Flag(help: "With --index, draw only the reconstruction.")
    var onlyDecoded = false

    func validate() throws {
        guard [index != nil, latent != nil, latentFile != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --index, --latent and --latent-file")
        }
        if row != nil && latentFile == nil { throw ValidationError("--row goes with --latent-file") }
        if let scale, scale < 1 || scale > 64 { throw ValidationError("--scale must be between 1 and 64") }
    }

    func run() throws {
        try reportingErrors {
            if latent != nil || latentFile != nil {
                let bundle = try model.load()
                let decoder = try LatentModel(bundle: bundle)
                let z = try latent.map { try parseLatent($0, dimensions: decoder.latentDim) }
                    ?? readLatent(fileURL(latentFile!), row: row ?? 0, model: decoder)
                let output = try SampleOutput(sample: decoder.sample, format: format, scale: scale)
                writeStdout(try output.render([decoder.decode(z, count: 1)]))
                return
            }
            let loaded = try LoadedBundle.load(model)
            let i = index!
            try loaded.checkIndex(i, flag: "--index")
            let data = try loaded.data()
            let decoded = try loaded.model().decode(loaded.codes(of: [i])[0], count: 1)
            let output = try SampleOutput(sample: data.sample, format: format, scale: scale)
            let frames = onlyDecoded ? [decoded] : [data.batch(i..<(i + 1)).floatValues(), decoded]
            let pair = data.sample.type == .image ? " — input | reconstruction" : " — input and reconstruction overlaid"
            printNote("#\(i) \(try loaded.label(i))" + (onlyDecoded ? "" : pair))
            writeStdout(try output.render(frames))
        }
    }

    /// Row `row` of a `.npy` of codes: N × d, or N followed by the latent shape (as `encode` of another tool may
    /// keep it).
    private func readLatent(_ url: URL, row: Int, model: LatentModel) throws -> [Float] {
        let z: Tensor
        do { z = try NPY.read(url) } catch { throw BundleError(file: error.file, error.reason) }
        let d = model.latentDim
        guard z.rank >= 2, z.count == z.shape[0] * d else {
            throw BundleError(file: url.path, "codes of shape \(z.shape) do not fit the latent (\(d) values per code, "
                              + "shape \(model.latentShape)); expected [N, \(d)] or [N] + \(model.latentShape)")
        }
        guard row >= 0, row < z.shape[0] else {
            throw BundleError(file: "command line", "--row \(row) is out of range: \(url.lastPathComponent) has \(z.shape[0]) codes (0–\(z.shape[0] - 1))")
        }
        let values = z.floatValues()
        let code = Array(values[(row * d)..<((row + 1) * d)])
        if let bad = code.firstIndex(where: { !$0.isFinite }) {
            throw BundleError(file: url.path, "code \(row) holds a NaN or infinite value (element \(bad))")
        }
        return code
    }

    /// The latent vector of `--latent`: exactly `d` finite numbers separated by commas.
    private func parseLatent(_ text: String, dimensions d: Int) throws -> [Float] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var z: [Float] = []
        for (k, p) in parts.enumerated() {
            guard let v = Float(p), v.isFinite else {
                let what = p.isEmpty ? "value \(k + 1) is empty" : "'\(p)' is not a finite number"
                throw BundleError(file: "command line", "--latent: \(what) (give \(d) comma-separated numbers)")
            }
            z.append(v)
        }
        guard z.count == d else {
            throw BundleError(file: "command line", "--latent has \(z.count) values but the latent space is \(d)-d")
        }
        return z
    }
}
