import ArgumentParser
import Foundation
import LatentSpace
import Projection

/// `latent outliers BUNDLE [--top 20] [--by recon|knn]`: the most unusual points, as CSV.
struct OutliersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outliers",
        abstract: "Rank the most unusual points (CSV: rank,index,label,score,percentile).",
        discussion: "recon: reconstruction error (mean squared error per value). knn: distance to the k-th nearest neighbour in latent space."
    )

    @OptionGroup var model: BundleOptions

    @Option(parsing: .unconditional, help: "How many points to list.")
    var top: Int = 20

    @Option(help: "The score: recon or knn.")
    var by: OutlierScores.Method = .recon

    @Option(parsing: .unconditional, help: "Neighbours for the knn score.")
    var k: Int = OutlierScores.defaultK

    @Option(help: KNNMethod.help)
    var knn: KNNMethod = .auto

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try LoadedBundle.load(model)
            if by == .recon && loaded.bundle.decoder == nil {
                throw BundleError(file: "command line", "--by recon needs a decoder (this model has none); use --by knn")
            }
            let (encoding, _, _) = try loaded.encodeAll()
            let labels = try loaded.labels(count: encoding.count)
            guard let scores = try OutlierScores.scores(encoding, method: by, k: k, threads: defaultThreadCount, search: knn) else {
                throw BundleError(file: "command line", "--by recon needs a decoder (this model has none); use --by knn")
            }
            let percentiles = Percentiles.ranks(scores)
            var out = "rank,index,label,score,percentile\n"
            for (rank, i) in OutlierScores.ranking(scores, top: top).enumerated() {
                out += "\(rank + 1),\(i),\(csvField(loaded.label(i, in: labels))),\(scores[i]),\(String(format: "%.2f", percentiles[i]))\n"
            }
            writeStdout(out)
        }
    }
}

extension OutlierScores.Method: ExpressibleByArgument {}
