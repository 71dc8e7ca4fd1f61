import ArgumentParser
import Foundation

/// The `latent` command: an interactive latent-space explorer with headless subcommands.
@main
struct Latent: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Explore the latent space of a trained autoencoder in the terminal.",
        discussion: """
        A model bundle is a folder with bundle.json, an ONNX encoder and decoder, and a data set \
        (see docs/bundle-format.md). Every capability of the explorer also exists as a headless \
        subcommand that prints CSV or image bytes to stdout.

        Exit status: 0 success, 1 runtime failure, 2 bad input or usage.
        """,
        version: version,
        subcommands: [
            ExploreCommand.self,
            InfoCommand.self,
            EncodeCommand.self,
            ProjectCommand.self,
            OutliersCommand.self,
            DecodeCommand.self,
            InterpolateCommand.self,
            BenchCommand.self,
            PCACommand.self,
            SixelEncodeCommand.self,
            OnnxRunCommand.self,
            TSNECommand.self,
            TerminalCommand.self,
            KeysCommand.self,
            KNNCommand.self,
            UMAPCommand.self,
            ImagesCommand.self,
        ],
        defaultSubcommand: ExploreCommand.self
    )

    /// Parses and runs the command; usage errors exit with status 2 (the contract), not ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError("\(message(for: error)) (see 'latent help')")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
