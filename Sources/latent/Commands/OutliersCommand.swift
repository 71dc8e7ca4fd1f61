import ArgumentParser
import Explorer
import Foundation
import LatentSpace
import Projection

/// `latent outliers BUNDLE [--top 20] [--by recon|knn] [--anomaly-class NAME]`: the most unusual points, as CSV;
/// with anomaly classes, how well the score ranks them first (on stderr).
struct OutliersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outliers",
        abstract: "Rank the most unusual points (CSV: rank,index,label,score,percentile).",
        discussion: """
            recon: reconstruction error (mean squared error per value). knn: distance to the k-th nearest neighbour \
            in latent space. When the bundle names anomaly classes (the manifest's "anomaly_classes", or \
            --anomaly-class), the ranking of every point by the score is measured against them and printed on \
            stderr: "ROC AUC 0.xxxxxx, average precision 0.xxxxxx (recon)", computed as scikit-learn's \
            roc_auc_score and average_precision_score compute them.
            """
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

    @Option(name: .customLong("anomaly-class"),
            help: ArgumentHelp("A class held out as the anomaly (repeat for several); replaces the manifest's anomaly_classes.",
                               valueName: "name"))
    var anomalyClasses: [String] = []

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try LoadedBundle.load(model)
            let held = try anomalyClassNames(loaded.bundle)   // checked before the encoding, which can take a while
            if by == .recon && loaded.bundle.decoder == nil {
                throw BundleError(file: "command line", "--by recon needs a decoder (this model has none); use --by knn")
            }
            let (encoding, _, _) = try loaded.encodeAll()
            let labels = try loaded.labels(count: encoding.count)
            let anomalies = try held.map { held in
                guard let labels else { throw BundleError(file: held.file, "\(held.source) needs labelled data (the data has no labels)") }
                return AnomalyClasses.flags(held.names, classes: loaded.bundle.classes ?? [], labels: labels)
            }
            guard let scores = try OutlierScores.scores(encoding, method: by, k: k, threads: defaultThreadCount, search: knn) else {
                throw BundleError(file: "command line", "--by recon needs a decoder (this model has none); use --by knn")
            }
            // The same table the explorer's outliers mode shows: percentiles, ranking, quality against the anomalies.
            let table = OutlierTable.scoring(scores, ranked: top, anomalies: anomalies)
            var out = "rank,index,label,score,percentile\n"
            for (rank, i) in table.ranking.enumerated() {
                out += "\(rank + 1),\(i),\(csvField(loaded.label(i, in: labels))),\(scores[i]),\(String(format: "%.2f", table.percentiles[i]))\n"
            }
            writeStdout(out)
            if let anomalies {
                if let quality = table.quality {
                    printNote(String(format: "ROC AUC %.6f, average precision %.6f (%@)", quality.rocAUC,
                                     quality.averagePrecision, by.rawValue))
                } else {
                    printNote("latent: no ROC AUC: \(anomalies.filter { $0 }.count) of \(anomalies.count) points are anomalies"
                              + (scores.allSatisfy(\.isFinite) ? "" : ", and some scores are not finite"))
                }
            }
        }
    }

    /// The anomaly classes (from --anomaly-class, else the manifest), where they came from, and the file to blame;
    /// nil when none are named. Throws when a name is not a class.
    private func anomalyClassNames(_ bundle: ModelBundle) throws -> (names: [String], source: String, file: String)? {
        let fromOption = !anomalyClasses.isEmpty
        guard let names = fromOption ? anomalyClasses : bundle.anomalyClasses else { return nil }
        let source = fromOption ? "--anomaly-class" : "field 'anomaly_classes'"
        let file = fromOption ? "command line" : bundle.folder.map { $0.appendingPathComponent("bundle.json").path } ?? "manifest"
        let classes = bundle.classes ?? []
        if let problem = AnomalyClasses.problem(names, classes: classes, source: source) {
            throw BundleError(file: file, problem)
        }
        return (names, source, file)
    }
}

extension OutlierScores.Method: ExpressibleByArgument {}
