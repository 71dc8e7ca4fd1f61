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

    @Flag(help: "Leave out images of an image folder that cannot be decoded (with a note) instead of stopping.")
    var skipBad = false

    @Option(help: "Bring your own: where image channels are (nchw or nhwc) when the shapes do not tell.")
    var layout: ModelBundle.Layout?

    @Flag(help: "Do not read or write the cache (latents, errors, t-SNE coordinates).")
    var noCache = false

    /// Whether the command line names a bring-your-own model.
    var isBringYourOwn: Bool { encoder != nil || latents != nil || data != nil }

    func validate() throws {
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
        return loaded
    }

    /// The cache these options ask for.
    var cache: AnalysisCache { AnalysisCache(disabled: noCache) }
}

extension ModelBundle.Kind: ExpressibleByArgument {}
extension ModelBundle.Activation: ExpressibleByArgument {}
extension ModelBundle.Layout: ExpressibleByArgument {}
