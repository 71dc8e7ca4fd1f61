import ArgumentParser
import Foundation
import Projection
import Tensors

extension TSNEOptions.Gradient: ExpressibleByArgument {
    /// The help text of every `--gradient` option.
    static let help = ArgumentHelp(
        "Repulsive forces: auto (Barnes-Hut below \(TSNE.interpolateFrom) points, else FFT), bh (Barnes-Hut) or fft (FIt-SNE interpolation).")
}

/// `latent tsne X.npy --out Y.npy [...]`: a two-dimensional t-SNE embedding of a matrix.
struct TSNECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsne",
        abstract: "Embed the rows of a matrix in 2-D with t-SNE (Barnes-Hut or FFT interpolation).",
        discussion: """
        Reads an N×d NPY array of any numeric dtype (arrays of higher rank are flattened to N rows) and writes \
        the N×2 float32 embedding. Affinities use the ⌊3·perplexity⌋ nearest neighbours (exact, or by NN-descent from \(KNN.approximateFrom) points); the embedding \
        starts from PCA and runs --early-iterations with the early exaggeration, then the rest plainly. The same \
        seed and thread count give bit-identical output. The final KL divergence is printed on stderr. With \
        --fit-sample N, t-SNE embeds a seeded sample of N rows (stratified by --labels when given) and places \
        the other rows into it.
        """
    )

    /// Starting embeddings a user can choose.
    enum Initialization: String, ExpressibleByArgument, CaseIterable {
        case pca, random
    }

    @Argument(help: "Input NPY file (N×d).")
    var input: String

    @Option(help: "Output NPY file for the N×2 embedding.")
    var out: String

    @Option(help: "Perplexity: the effective number of neighbours.")
    var perplexity: Double = 30

    @Option(help: "Total iterations, including the early exaggeration phase.")
    var iterations: Int = 750

    @Option(help: "Early exaggeration factor.")
    var exaggeration: Double = 12

    @Option(name: .customLong("early-iterations"), help: "Iterations with early exaggeration.")
    var earlyIterations: Int = 250

    @Option(name: .customLong("learning-rate"), help: "Learning rate (default: N / exaggeration in each phase).")
    var learningRate: Double?

    @Option(help: "Barnes-Hut accuracy θ (0 is exact and slow).")
    var theta: Double = 0.5

    @Option(name: [.customLong("init"), .customLong("initialization")],
            help: "Initial embedding: \(Initialization.allCases.map(\.rawValue).joined(separator: ", ")).")
    var initialization: Initialization = .pca

    @Option(help: KNNMethod.help)
    var knn: KNNMethod = .auto

    @Option(help: TSNEOptions.Gradient.help)
    var gradient: TSNEOptions.Gradient = .auto

    @Option(name: .customLong("fit-sample"), help: ArgumentHelp(
        "Embed a seeded sample of this many rows and place the rest into it.", valueName: "N"))
    var fitSample: Int?

    @Option(help: ArgumentHelp("NPY file of one integer label per row, to stratify --fit-sample.", valueName: "y.npy"))
    var labels: String?

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard perplexity > 0, perplexity.isFinite else { throw ValidationError("--perplexity must be a positive number") }
        guard iterations >= 0 else { throw ValidationError("--iterations must not be negative") }
        guard exaggeration > 0, exaggeration.isFinite else { throw ValidationError("--exaggeration must be a positive number") }
        guard earlyIterations >= 0 else { throw ValidationError("--early-iterations must not be negative") }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate must be a positive number")
        }
        guard theta >= 0, theta.isFinite else { throw ValidationError("--theta must not be negative") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let fitSample, fitSample < 1 { throw ValidationError("--fit-sample must be at least 1") }
        if labels != nil && fitSample == nil { throw ValidationError("--labels needs --fit-sample") }
    }

    func run() throws {
        try reportingErrors {
            Linalg.setThreads(threads)
            try checkWritable(URL(fileURLWithPath: out))
            let (x, rows, cols) = try ProjectionIO.readMatrix(input)
            var options = TSNEOptions()
            options.perplexity = perplexity
            options.iterations = iterations
            options.earlyExaggeration = exaggeration
            options.earlyExaggerationIterations = earlyIterations
            options.learningRate = learningRate
            options.theta = theta
            options.initialization = initialization == .pca ? .pca : .random
            options.seed = seed
            options.threads = threads
            options.knn = knn
            options.gradient = gradient
            options.progressInterval = 25
            let search = ProgressBar("t-SNE neighbours", total: rows)
            let bar = ProgressBar("t-SNE", total: iterations)
            let rowLabels = try labels.map { try ProjectionIO.readLabels($0, count: rows) }
            var result: TSNEResult?
            try ProjectionIO.naming(input) {
                let report: (TSNEProgress) -> Bool = { progress in
                    bar.update(done: progress.iteration, detail: String(format: "KL %.4f", progress.kl))
                    return true
                }
                let neighbours: (Int, Int) -> Bool = { done, total in
                    search.update(done: done * rows / max(total, 1), detail: "\(done)/\(total)")
                    return true
                }
                if let fitSample, fitSample < rows {
                    result = try TSNE.runOnSample(x, rows: rows, cols: cols, sampleSize: fitSample, labels: rowLabels,
                                                  options: options, progress: report, neighbors: neighbours,
                                                  placing: { bar.finish(); printNote("placing \(rows - fitSample) points") })
                } else {
                    result = try TSNE.run(x, rows: rows, cols: cols, options: options, progress: report,
                                          neighbors: neighbours)
                }
            }
            bar.finish()
            guard let result else { return }
            try ProjectionIO.writeMatrix(result.embedding, rows: rows, cols: 2, to: out)
            if result.perplexity != perplexity {
                printNote(String(format: "perplexity lowered to %.3g for %d points", result.perplexity, rows))
            }
            printNote(String(format: "KL divergence: %.4f", result.kl))
        }
    }
}
