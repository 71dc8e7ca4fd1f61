import ArgumentParser
import Foundation
import LatentSpace

/// The model a command works on: a bundle folder, or bring-your-own paths.
struct BundleOptions: ParsableArguments {
    @Argument(help: "The bundle folder (or its bundle.json). Default: \(defaultBundlePath), unless --encoder or --latents is given.")
    var bundle: String?

    @Option(help: ArgumentHelp("Bring your own: the encoder ONNX file (with --data).", valueName: "e.onnx"))
    var encoder: String?

    @Option(help: ArgumentHelp("Bring your own: the decoder ONNX file.", valueName: "d.onnx"))
    var decoder: String?

    @Option(help: ArgumentHelp("Bring your own: the samples (.npy, [N, ...]), or a folder of PNG/JPEG images (one sub-folder per class, or flat).", valueName: "x.npy|DIR"))
    var data: String?

    @Option(help: ArgumentHelp("Bring your own: integer labels (.npy, [N]).", valueName: "y.npy"))
    var labels: String?

    @Option(help: ArgumentHelp("Bring your own: precomputed latent codes (.npy, [N, d]) instead of an encoder.", valueName: "z.npy"))
    var latents: String?

    @Option(help: "Bring your own: the model kind (ae, or vae when the encoder's first two outputs are mean and log-variance).")
    var kind: ModelBundle.Kind = .ae

    @Option(help: "Bring your own: the decoder's output activation still to apply (none or sigmoid).")
    var activation: ModelBundle.Activation = .none

    @Option(name: .customLong("x-scale"), help: "Bring your own: divide the samples by this (default: 255 for uint8 data, else 1).")
    var xScale: Float?

    @Option(help: ArgumentHelp("The per-channel mean the encoder's inputs are normalised by, (x - mean) / std, after scaling (e.g. 0.485,0.456,0.406).", valueName: "m1,m2,..."))
    var mean: String?

    @Option(help: ArgumentHelp("The per-channel standard deviation of the normalisation (with --mean).", valueName: "s1,s2,..."))
    var std: String?

    @Flag(help: "Leave out images of an image folder that cannot be decoded (with a note) instead of stopping.")
    var skipBad = false

    @Option(help: "Bring your own: where image channels are (nchw or nhwc) when the shapes do not tell.")
    var layout: ModelBundle.Layout?

    @Flag(help: "Do not read or write the cache (latents, errors, t-SNE coordinates).")
    var noCache = false

    /// Whether the command line names a bring-your-own model.
    var isBringYourOwn: Bool { encoder != nil || latents != nil || data != nil }

    func validate() throws {
        if (mean == nil) != (std == nil) { throw ValidationError("--mean and --std go together") }
        _ = try normalization()
        if bundle != nil && isBringYourOwn {
            throw ValidationError("give either a bundle folder or --encoder/--data/--latents, not both")
        }
        if !isBringYourOwn && (decoder != nil || labels != nil || layout != nil) {
            throw ValidationError("--decoder, --labels and --layout go with --encoder/--data or --latents")
        }
    }

    /// The bundle the options describe.
    func load() throws -> ModelBundle {
        var loaded: ModelBundle
        if isBringYourOwn {
            loaded = try ModelBundle.bringYourOwn(encoder: encoder.map(fileURL), decoder: decoder.map(fileURL),
                                                  data: data.map(fileURL), labels: labels.map(fileURL),
                                                  latents: latents.map(fileURL), kind: kind, activation: activation,
                                                  xScale: xScale)
            loaded.layoutHint = layout
        } else {
            loaded = try ModelBundle.load(fileURL(bundle ?? defaultBundlePath))
        }
        if skipBad { loaded.data?.skipBad = true }
        if let normalization = try normalization() { loaded.data?.normalization = normalization }
        return loaded
    }

    /// The `--mean`/`--std` normalisation, or nil when not given.
    private func normalization() throws -> Normalization? {
        guard let mean, let std else { return nil }
        func values(_ text: String, _ flag: String) throws -> [Float] {
            let parsed = text.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
                throw ValidationError("\(flag) must be numbers separated by commas (got '\(text)')")
            }
            return parsed.map { $0! }
        }
        return Normalization(mean: try values(mean, "--mean"), std: try values(std, "--std"))
    }

    /// The cache these options ask for.
    var cache: AnalysisCache { AnalysisCache(disabled: noCache) }
}

extension ModelBundle.Kind: ExpressibleByArgument {}
extension ModelBundle.Activation: ExpressibleByArgument {}
extension ModelBundle.Layout: ExpressibleByArgument {}
