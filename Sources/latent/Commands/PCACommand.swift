import ArgumentParser
import Foundation
import Projection
import Tensors

/// `latent pca X.npy --out Y.npy [--components K]`: principal component scores of a matrix.
struct PCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pca",
        abstract: "Project the rows of a matrix onto its principal components.",
        discussion: """
        Reads an N×d NPY array of any numeric dtype (arrays of higher rank are flattened to N rows) and writes \
        the N×K float32 scores. The explained variance ratios are printed on stderr.
        """
    )

    @Argument(help: "Input NPY file (N×d).")
    var input: String

    @Option(help: "Output NPY file for the N×K scores.")
    var out: String

    @Option(help: "Number of principal components K (1...d).")
    var components: Int = 2

    @Option(help: "Worker threads.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard components >= 1 else { throw ValidationError("--components must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            Linalg.setThreads(threads)
            try checkWritable(URL(fileURLWithPath: out))
            // the elements stay in the mapped file: PCA.fit checks them for NaN and infinity as it reads them
            let (x, rows, cols) = try ProjectionIO.mapMatrix(input)
            guard components <= cols else {
                throw TensorIOError(file: input, reason: "has \(cols) columns, fewer than --components \(components)")
            }
            var scores: (pca: PCA, values: [Float])?
            try ProjectionIO.naming(input) {
                scores = try x.withUnsafeBufferPointer { (values) throws(ProjectionError) in
                    let pca = try PCA.fit(values, rows: rows, cols: cols, components: components, threads: threads)
                    return (pca, pca.transform(values, rows: rows, threads: threads))
                }
            }
            guard let (pca, values) = scores else { return }
            try ProjectionIO.writeMatrix(values, rows: rows, cols: components, to: out)
            let ratios = pca.explainedVarianceRatio.map { String(format: "%.4f", $0) }.joined(separator: " ")
            let total = String(format: "%.4f", pca.explainedVarianceRatio.reduce(0, +))
            printNote("explained variance ratio: \(ratios) (total \(total))")
        }
    }
}
