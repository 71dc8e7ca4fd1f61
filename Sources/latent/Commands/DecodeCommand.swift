import ArgumentParser
import Foundation
import LatentSpace

/// `latent decode BUNDLE (--index I | --latent "z1,z2,...")`: a decoded sample as ASCII, blocks, sixel or kitty.
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

    @Option(help: "ascii, blocks (Unicode half-blocks, 256 colours), sixel or kitty (the kitty graphics protocol).")
    var format: SampleFormat = .blocks

    @Option(parsing: .unconditional, help: "Size multiplier (default 8 for sixel and kitty: 28 px become 224 px; 1 for ascii and blocks).")
    var scale: Int?

    @Flag(help: "With --index, draw only the reconstruction.")
    var onlyDecoded = false

    func validate() throws {
        guard (index == nil) != (latent == nil) else { throw ValidationError("give exactly one of --index and --latent") }
        if let scale, scale < 1 || scale > 64 { throw ValidationError("--scale must be between 1 and 64") }
    }

    func run() throws {
        try reportingErrors {
            if let latent {
                let bundle = try model.load()
                let decoder = try LatentModel(bundle: bundle)
                let z = try parseLatent(latent, dimensions: decoder.latentDim)
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
            printNote("#\(i) \(try loaded.label(i))" + (onlyDecoded ? "" : " — input | reconstruction"))
            writeStdout(try output.render(frames))
        }
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
