import ArgumentParser
import Foundation
import LatentSpace
import Projection
import Tensors

/// `latent project BUNDLE --method pca|tsne|umap --out coords.csv`: the 2-D coordinates the explorer plots.
struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Project a bundle's latent codes to 2-D (CSV: index,label,x,y).",
        discussion: "t-SNE and UMAP results are cached and shared with the explorer."
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case pca, tsne, umap }

    @OptionGroup var model: BundleOptions

    @Option(help: "pca, tsne or umap.")
    var method: Method = .pca

    @Option(help: ArgumentHelp("Where to write the CSV (- for stdout).", valueName: "coords.csv"))
    var out: String

    @Option(help: "Worker threads for t-SNE and UMAP.")
    var threads: Int = defaultThreadCount

    @Option(help: KNNMethod.help)
    var knn: KNNMethod = .auto

    @Option(help: TSNEOptions.Gradient.help)
    var gradient: TSNEOptions.Gradient = .auto

    @Option(name: [.customLong("init"), .customLong("initialization")], help: "Initial t-SNE embedding: pca or random.")
    var initialization: TSNECommand.Initialization = .pca

    @Option(name: .customLong("fit-sample"), help: ArgumentHelp(
        "t-SNE of a seeded sample of this many points (stratified by label), the rest placed into it.", valueName: "N"))
    var fitSample: Int?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let fitSample, fitSample < 1 { throw ValidationError("--fit-sample must be at least 1") }
    }

    /// The t-SNE settings the options ask for, and the cache key's name for them (empty: the standard ones).
    private func tsneSettings(points: Int) -> (options: TSNEOptions, name: String) {
        var options = TSNEOptions()
        options.knn = knn
        options.gradient = gradient
        options.initialization = initialization == .pca ? .pca : .random
        var parts: [String] = []
        if knn != .auto { parts.append("knn-\(knn.rawValue)") }
        if gradient != .auto { parts.append("gradient-\(gradient.rawValue)") }
        if initialization != .pca { parts.append("init-\(initialization.rawValue)") }
        if let fitSample, fitSample < points { parts.append("sample-\(fitSample)") }
        return (options, parts.joined(separator: "-"))
    }

    func run() throws {
        try reportingErrors {
            if out != "-" { try checkWritable(fileURL(out)) }
            let loaded = try LoadedBundle.load(model)
            let (e, _, key) = try loaded.encodeAll()
            let labels = try loaded.labels(count: e.count)
            let coordinates: [Float]
            switch method {
            case .pca:
                let pca = try PCA.fit(e.codes, rows: e.count, cols: e.dimensions, components: min(2, e.dimensions))
                let projected = pca.transform(e.codes, rows: e.count)
                coordinates = pca.componentCount == 2 ? projected : projected.flatMap { [$0, 0] }
                printNote(String(format: "PCA: explained variance %@", pca.explainedVarianceRatio.map { String(format: "%.1f%%", $0 * 100) }.joined(separator: ", ")))
            case .tsne:
                let settings = tsneSettings(points: e.count)
                if let cached = LatentTSNE.cached(cache: model.cache, encodingKey: key, count: e.count, settings: settings.name) {
                    coordinates = cached
                    printNote("t-SNE: from the cache")
                } else {
                    let search = ProgressBar("t-SNE neighbours", total: e.count)
                    let bar = ProgressBar("t-SNE", total: TSNEOptions().iterations)
                    let (result, note) = try LatentTSNE.run(
                        e, cache: model.cache, encodingKey: key, threads: threads,
                        progress: { p in
                            bar.update(done: p.iteration, detail: String(format: "KL %.3f", p.kl))
                            return true
                        },
                        neighbors: { done, total in
                            search.update(done: done * e.count / max(total, 1), detail: "\(done)/\(total)")
                            return true
                        },
                        options: settings.options, settings: settings.name,
                        fitSample: fitSample, labels: labels,
                        placing: { bar.finish(); printNote("t-SNE: placing the points outside the sample") })
                    bar.finish()
                    if let note { printNote("latent: \(note)") }
                    printNote(String(format: "t-SNE: %d iterations, KL %.4f", result.iterations, result.kl))
                    coordinates = result.embedding
                }
            case .umap:
                coordinates = try umapCoordinates(e, cacheKey: key)
            }
            var csv = "index,label,x,y\n"
            for i in 0..<e.count {
                csv += "\(i),\(csvField(loaded.label(i, in: labels))),\(coordinates[2 * i]),\(coordinates[2 * i + 1])\n"
            }
            if out == "-" { writeStdout(csv) } else { try writeFileAtomically(Data(csv.utf8), to: fileURL(out)) }
        }
    }

    /// The UMAP settings the options ask for, and the cache key's name for them (empty: the standard ones).
    private var umapSettings: (options: UMAPOptions, name: String) {
        var options = UMAPOptions()
        options.knn = knn
        return (options, knn == .auto ? "" : "knn-\(knn.rawValue)")
    }

    /// UMAP coordinates of the codes, from the cache or computed (and cached), with progress on stderr.
    private func umapCoordinates(_ e: Encoding, cacheKey key: String) throws -> [Float] {
        let settings = umapSettings
        if let cached = LatentUMAP.cached(cache: model.cache, encodingKey: key, count: e.count, settings: settings.name) {
            printNote("UMAP: from the cache")
            return cached
        }
        let interrupt = InterruptFlag()
        let bars = UMAPProgressBars(points: e.count)
        let (result, note) = try LatentUMAP.run(e, cache: model.cache, encodingKey: key, threads: threads,
                                                progress: { bars.update($0); return !interrupt.isRaised },
                                                shouldStop: { interrupt.isRaised },
                                                options: settings.options, settings: settings.name)
        bars.finish()
        if result.cancelled {
            printError("interrupted; \(out) not written")
            throw ExitCode(130)
        }
        if let note { printNote("latent: \(note)") }
        if let note = result.initializationNote { printNote(note) }
        printNote("UMAP: \(result.epochs) epochs from \(result.initialization) initialisation")
        return result.embedding
    }
}
