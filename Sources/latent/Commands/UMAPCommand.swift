import ArgumentParser
import Foundation
import Projection
import Tensors

extension UMAPOptions.Metric: ExpressibleByArgument {}

/// `latent umap X.npy --out Y.npy [...]`: a two-dimensional UMAP embedding of a matrix.
struct UMAPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "umap",
        abstract: "Embed the rows of a matrix in 2-D with UMAP.",
        discussion: """
        Reads an N×d NPY array of any numeric dtype (arrays of higher rank are flattened to N rows) and writes \
        the N×2 float32 embedding. Each row's fuzzy neighbourhood is its --neighbors − 1 nearest other rows \
        (exact, or by NN-descent from \(KNN.approximateFrom) points); the embedding starts from the graph's \
        spectral embedding (up to \(UMAP.spectralLimit) points, when the graph is connected; PCA otherwise) and \
        runs --epochs of stochastic gradient descent (default 500 up to 10,000 points, else 200). The same seed \
        gives bit-identical output for any thread count. Ctrl-C stops the run without writing the output \
        (exit status 130).
        """
    )

    enum Initialization: String, ExpressibleByArgument, CaseIterable { case spectral, pca }

    @Argument(help: "Input NPY file (N×d).")
    var input: String

    @Option(help: "Output NPY file for the N×2 embedding.")
    var out: String

    @Option(help: "Neighbourhood size, the point itself included (lowered to N for fewer points).")
    var neighbors: Int = 15

    @Option(name: .customLong("min-dist"), help: "Smallest distance between embedded points.")
    var minDist: Double = 0.1

    @Option(help: "Scale of the embedded distances (at least --min-dist).")
    var spread: Double = 1

    @Option(help: "Epochs of gradient descent (default: 500 up to 10,000 points, else 200).")
    var epochs: Int?

    @Option(help: "Input distance: euclidean or cosine.")
    var metric: UMAPOptions.Metric = .euclidean

    @Option(name: [.customLong("init"), .customLong("initialization")],
            help: "Initial embedding: \(Initialization.allCases.map(\.rawValue).joined(separator: ", ")).")
    var initialization: Initialization = .spectral

    @Option(help: KNNMethod.help)
    var knn: KNNMethod = .auto

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard neighbors >= 2 else { throw ValidationError("--neighbors must be at least 2") }
        guard minDist >= 0, minDist.isFinite else { throw ValidationError("--min-dist must be a number ≥ 0") }
        guard spread > 0, spread.isFinite else { throw ValidationError("--spread must be a positive number") }
        guard minDist <= spread else { throw ValidationError("--min-dist must not be larger than --spread") }
        if let epochs { guard epochs >= 0 else { throw ValidationError("--epochs must not be negative") } }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            Linalg.setThreads(threads)
            try checkWritable(URL(fileURLWithPath: out))
            let (x, rows, cols) = try ProjectionIO.readMatrix(input)
            var options = UMAPOptions()
            options.neighbors = neighbors
            options.minDist = minDist
            options.spread = spread
            options.epochs = epochs
            options.metric = metric
            options.initialization = initialization == .pca ? .pca : .spectral
            options.knn = knn
            options.seed = seed
            options.threads = threads
            let interrupt = InterruptFlag()
            let bars = UMAPProgressBars(points: rows)
            var result: UMAPResult?
            try ProjectionIO.naming(input) {
                result = try UMAP.run(x, rows: rows, cols: cols, options: options, progress: { progress in
                    bars.update(progress)
                    return !interrupt.isRaised
                }, shouldStop: { interrupt.isRaised })
            }
            bars.finish()
            guard let result else { return }
            if result.cancelled {
                printError("interrupted; \(out) not written")
                throw ExitCode(130)
            }
            try ProjectionIO.writeMatrix(result.embedding, rows: rows, cols: 2, to: out)
            if result.neighbors != neighbors {
                printNote("neighbours lowered to \(result.neighbors) for \(rows) points")
            }
            if let note = result.initializationNote { printNote(note) }
            printNote(String(format: "UMAP: %d epochs from %@ initialisation, a = %.4f, b = %.4f; %@", result.epochs,
                             result.initialization, result.a, result.b, bars.timings))
        }
    }
}

/// One progress bar per stage of a UMAP run on stderr, and the time each stage took.
final class UMAPProgressBars {
    private let points: Int
    private var stage: UMAPProgress.Stage?
    private var bar: ProgressBar?
    private var stageStarts: [(UMAPProgress.Stage, Date)] = []

    init(points: Int) { self.points = points }

    /// "neighbours and graph 1.2 s, spectral start 0.4 s, layout 9.8 s" for the stages seen so far.
    var timings: String {
        let now = Date()
        return stageStarts.enumerated().map { index, entry in
            let end = index + 1 < stageStarts.count ? stageStarts[index + 1].1 : now
            let name = switch entry.0 {
            case .neighbors: "neighbours and graph"
            case .initialization: "spectral start"
            case .layout: "layout"
            }
            return String(format: "%@ %.1f s", name, end.timeIntervalSince(entry.1))
        }.joined(separator: ", ")
    }

    func update(_ progress: UMAPProgress) {
        if progress.stage != stage {
            bar?.finish()
            stage = progress.stage
            stageStarts.append((progress.stage, Date()))
            switch progress.stage {
            case .neighbors: bar = ProgressBar("UMAP neighbours", total: progress.total)
            case .initialization: bar = ProgressBar("UMAP spectral start", total: progress.total)
            case .layout: bar = ProgressBar("UMAP", total: progress.total)
            }
        }
        let detail = progress.stage == .layout ? "epoch \(progress.done)/\(progress.total)" : ""
        bar?.update(done: progress.done, detail: detail)
    }

    func finish() { bar?.finish() }
}
