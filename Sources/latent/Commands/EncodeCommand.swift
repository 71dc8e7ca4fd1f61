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
            let loaded = try LoadedBundle.load(model)
            let e = loaded.encoding
            try NPY.write(Tensor(shape: [e.count, e.dimensions], floats: e.codes), to: fileURL(out))
            if let logvarOut {
                guard let lv = e.logvar else { throw BundleError(file: loaded.bundle.name, "--logvar-out needs a VAE (this model is an autoencoder)") }
                try NPY.write(Tensor(shape: [e.count, e.dimensions], floats: lv), to: fileURL(logvarOut))
            }
            if let errorsOut, let errors = e.reconstructionError {
                try NPY.write(Tensor(shape: [e.count], floats: errors), to: fileURL(errorsOut))
            }
            let seconds = Date().timeIntervalSince(start)
            printNote(String(format: "encoded %d samples into %d-d codes in %.2f s%@", e.count, e.dimensions, seconds,
                             loaded.fromCache ? " (from the cache)" : ""))
        }
    }
}
