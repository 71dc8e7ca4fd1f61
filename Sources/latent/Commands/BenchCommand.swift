import ArgumentParser
import Foundation

/// `latent bench`: the program's own timings (encode, decode, PCA, t-SNE, render), measured in-process.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the program's own kernels in-process (encode, decode, PCA, t-SNE, render).",
        discussion: "Peers are compared by the scripts in bench/, which read `latent bench --json`."
    )

    @Flag(help: "Print the timings as JSON (name → seconds) instead of a table.")
    var json = false

    @Option(help: "Only run the suites or measurements whose name starts with this (e.g. onnx, render, gemm.square_1024).")
    var only: String?

    @Option(help: "Worker threads for the kernels that use them.")
    var threads: Int = defaultThreadCount

    /// Every suite: a name and a function returning its measurements. Add a suite with one line here.
    static let suites: [(name: String, run: @Sendable (Int) throws -> [BenchMeasurement])] = [
        ("render", RenderBench.run),
        ("projection.pca", ProjectionBench.runPCA),
        ("projection.tsne", ProjectionBench.runTSNE),
        ("projection.gradient", ProjectionBench.runGradient),
        ("onnx.encode", ONNXBench.runEncode),
        ("onnx.decode", ONNXBench.runDecode),
        ("gemm", GEMMBench.run),
        ("explorer", ExplorerBench.run),
        ("encode", EncodeBench.run),
    ]

    /// Whether `--only` asks for suite `name`: the suite's name starts with it, or it names a measurement of the
    /// suite (measurement names start with their suite's).
    static func selects(_ name: String, only: String?) -> Bool {
        guard let only else { return true }
        return name.hasPrefix(only) || only.hasPrefix(name)
    }

    func validate() throws {
        if !Self.suites.contains(where: { Self.selects($0.name, only: only) }) {
            throw ValidationError("no bench suite or measurement starts with '\(only ?? "")'; the suites are "
                                  + Self.suites.map(\.name).joined(separator: ", "))
        }
    }

    func run() throws {
        try reportingErrors {
            var results: [BenchMeasurement] = []
            for suite in Self.suites where Self.selects(suite.name, only: only) {
                results += try suite.run(threads).filter { m in only.map { suite.name.hasPrefix($0) || m.name.hasPrefix($0) } ?? true }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                writeStdout(String(decoding: try encoder.encode(results), as: UTF8.self) + "\n")
            } else {
                for r in results {
                    writeStdout(String(format: "%-40@ %12.3f ms  %@\n", r.name as NSString, r.seconds * 1000, r.detail as NSString))
                }
            }
        }
    }
}
