import ArgumentParser
import Foundation
import Projection
import Tensors

/// `latent knn X.npy --out I.npy [--k 15] [--knn auto|exact|approx]`: the nearest neighbours of every row.
struct KNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knn",
        abstract: "Find the k nearest neighbours of every row of a matrix (or of query rows).",
        discussion: """
        Reads an N×d NPY array of any numeric dtype and writes the N×k int64 indices of each row's nearest other \
        rows, nearest first (with --queries, the nearest rows of X to each query row). --distances writes the \
        Euclidean distances beside them. The approximate search (NN-descent) is seeded: the same seed gives the \
        same neighbours for any thread count.
        """
    )

    @Argument(help: "Input NPY file (N×d).")
    var input: String

    @Option(help: "Output NPY file for the int64 neighbour indices (N×k).")
    var out: String

    @Option(help: "Output NPY file for the float32 distances (N×k).")
    var distances: String?

    @Option(help: "Query NPY file (M×d): neighbours in X of these rows instead of X's own.")
    var queries: String?

    @Option(parsing: .unconditional, help: "Neighbours per row.")
    var k: Int = 15

    @Option(help: KNNMethod.help)
    var knn: KNNMethod = .auto

    @Option(help: "Random seed of the approximate search.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            Linalg.setThreads(threads)
            try checkWritable(URL(fileURLWithPath: out))
            if let distances { try checkWritable(URL(fileURLWithPath: distances)) }
            let (x, rows, cols) = try ProjectionIO.readMatrix(input)
            var neighbors: Neighbors?
            if let queries {
                let (q, queryRows, queryCols) = try ProjectionIO.readMatrix(queries)
                guard queryCols == cols else {
                    throw TensorIOError(file: queries, reason: "has \(queryCols) columns, not the \(cols) of \(input)")
                }
                try ProjectionIO.naming(input) {
                    let index = try KNN.index(x, rows: rows, cols: cols, method: knn, graphDegree: max(k, 30),
                                              seed: seed, threads: threads)
                    neighbors = index.query(q, rows: queryRows, k: k, threads: threads)
                }
            } else {
                let bar = ProgressBar("neighbours", total: 1000)
                try ProjectionIO.naming(input) {
                    neighbors = try KNN.neighbors(x, rows: rows, cols: cols, k: k, method: knn, seed: seed,
                                                  threads: threads) { done, total in
                        bar.update(done: total > 0 ? done * 1000 / total : 0)
                        return true
                    }
                }
                bar.finish()
            }
            guard let neighbors else { return }
            if neighbors.k < k {
                printNote("\(neighbors.k) neighbours per row: \(input) has no more other rows")
            }
            try NPY.write(Tensor(shape: [neighbors.rows, neighbors.k], int64s: neighbors.indices.map(Int64.init)),
                          to: URL(fileURLWithPath: out))
            if let distances {
                try ProjectionIO.writeMatrix(neighbors.distances, rows: neighbors.rows, cols: neighbors.k, to: distances)
            }
        }
    }
}
