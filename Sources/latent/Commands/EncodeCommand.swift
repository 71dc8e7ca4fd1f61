import ArgumentParser
import Foundation
import LatentSpace
import Tensors

/// `latent encode BUNDLE --out Z.npy`: the latent codes of every sample.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode a bundle's data into latent codes (float32 N×d .npy).",
        discussion: "Also computes every sample's reconstruction error; both are cached, so a second run is instant."
    )

    @OptionGroup var model: BundleOptions

    @Option(help: ArgumentHelp("Where to write the codes (.npy).", valueName: "Z.npy"))
    var out: String

    @Option(help: ArgumentHelp("Also write a VAE's log-variances here (.npy).", valueName: "LOGVAR.npy"))
    var logvarOut: String?

    @Option(help: ArgumentHelp("Also write the reconstruction errors here (.npy, float32 N).", valueName: "ERRORS.npy"))
    var errorsOut: String?

    func run() throws {
        try reportingErrors {
            let start = Date()
            for path in [out, logvarOut, errorsOut].compactMap({ $0 }) { try checkWritable(fileURL(path)) }
            let loaded = try LoadedBundle.load(model)
            if logvarOut != nil, try loaded.bundle.kind == .ae || !loaded.model().hasLogvar {
                throw BundleError(file: "command line", "--logvar-out needs a VAE (this model's encoder gives no log-variances)")
            }
            if errorsOut != nil && loaded.bundle.decoder == nil {
                throw BundleError(file: "command line", "--errors-out needs a decoder (this model has none)")
            }
            let (e, fromCache, _) = try loaded.encodeAll()
            try NPY.write(Tensor(shape: [e.count, e.dimensions], floats: e.codes), to: fileURL(out))
            if let logvarOut, let lv = e.logvar {
                try NPY.write(Tensor(shape: [e.count, e.dimensions], floats: lv), to: fileURL(logvarOut))
            }
            if let errorsOut, let errors = e.reconstructionError {
                try NPY.write(Tensor(shape: [e.count], floats: errors), to: fileURL(errorsOut))
            }
            let seconds = Date().timeIntervalSince(start)
            // A spatial latent is written flat (N × its product); say the shape the decoder takes.
            let shape = try loaded.bundle.latentShape ?? loaded.model().latentShape
            let shaped = shape.count > 1 ? ", latent shape \(shape.map(String.init).joined(separator: "×"))" : ""
            printNote(String(format: "encoded %d samples into %d-d codes%@ in %.3f s%@", e.count, e.dimensions, shaped,
                             seconds, fromCache ? " (from the cache)" : ""))
        }
    }
}
