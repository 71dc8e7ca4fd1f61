import Foundation
import Projection
import Tensors

/// Timings of the Projection target: PCA, exact kNN and Barnes–Hut t-SNE on synthetic data.
///
/// Two suites, so `--only projection.pca` skips the slow t-SNE run.
enum ProjectionBench {
    /// PCA fits of a latent-sized and a Fashion-MNIST-sized matrix.
    static func runPCA(threads: Int) throws -> [BenchMeasurement] {
        Linalg.setThreads(threads)
        var results: [BenchMeasurement] = []

        // MARK: PCA of a latent-sized matrix and of a Fashion-MNIST-sized one.
        for (n, d, repeats) in [(10_000, 16, 11), (70_000, 784, 3)] {
            let x = mixture(rows: n, cols: d, clusters: 10, seed: UInt64(d))
            let seconds = try medianSeconds(repeats: repeats) {
                _ = try PCA.fit(x, rows: n, cols: d, components: 2, threads: threads)
            }
            results.append(BenchMeasurement(name: "projection.pca_\(n / 1000)k_\(d)", seconds: seconds,
                                            detail: "PCA fit, \(n)×\(d), 2 components"))
        }
        // MARK: The symmetric eigensolver alone (the second half of a 784-dimensional PCA).
        var rng = SeededGenerator(seed: 5)
        let d = 784
        var a = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in i..<d { let v = rng.nextGaussian(); a[i * d + j] = v; a[j * d + i] = v } }
        let eig = try medianSeconds(repeats: 5) { _ = try SymmetricEigen.decompose(a, n: d, vectors: 2, threads: threads) }
        results.append(BenchMeasurement(name: "projection.eigen_784", seconds: eig,
                                        detail: "symmetric eigensolver, 784×784, all values, 2 vectors"))
        return results
    }

    /// Exact kNN and a full t-SNE run of 10,000 points.
    static func runTSNE(threads: Int) throws -> [BenchMeasurement] {
        Linalg.setThreads(threads)
        var results: [BenchMeasurement] = []

        // MARK: kNN and t-SNE of 10,000 points in 50 dimensions (ten Gaussian clusters).
        let n = 10_000, d = 50
        let x = mixture(rows: n, cols: d, clusters: 10, seed: 7)
        let index = try BruteForceKNN(x, rows: n, cols: d)
        let knn = medianSeconds(repeats: 3) { _ = index.neighborsOfIndexedPoints(k: 90, threads: threads) }
        results.append(BenchMeasurement(name: "projection.knn_10k_50_k90", seconds: knn,
                                        detail: "exact 90-NN of 10,000×50 points"))
        // MARK: brute force against the vantage-point tree for low dimensions (10-NN of 10,000 points)
        for dim in [2, 16] {
            let points = mixture(rows: n, cols: dim, clusters: 10, seed: UInt64(dim))
            let brute = try BruteForceKNN(points, rows: n, cols: dim)
            let bruteTime = medianSeconds(repeats: 3) { _ = brute.neighborsOfIndexedPoints(k: 10, threads: threads) }
            var tree: VantagePointTree?
            let treeTime = try medianSeconds(repeats: 3) {
                tree = try VantagePointTree(points, rows: n, cols: dim)
                _ = tree?.neighborsOfIndexedPoints(k: 10, threads: threads)
            }
            results.append(BenchMeasurement(name: "projection.knn_10k_\(dim)_k10_bruteforce", seconds: bruteTime,
                                            detail: "exact 10-NN of 10,000×\(dim), brute force"))
            results.append(BenchMeasurement(name: "projection.knn_10k_\(dim)_k10_vptree", seconds: treeTime,
                                            detail: "exact 10-NN of 10,000×\(dim), vantage-point tree (with build)"))
        }

        var options = TSNEOptions()
        options.threads = threads
        var kl = 0.0
        let tsne = try medianSeconds(repeats: 1, warmup: 0) {
            kl = try TSNE.run(x, rows: n, cols: d, options: options).kl
        }
        results.append(BenchMeasurement(name: "projection.tsne_10k_50_750it", seconds: tsne,
                                        detail: String(format: "t-SNE 10,000×50, 750 iterations, KL %.3f", kl)))
        return results
    }

    /// t-SNE iterations alone (no neighbour search, no affinities) on 70,000 points spread like a converged
    /// Fashion-MNIST embedding (about 200 units wide), with the FFT-interpolated repulsion: the per-iteration cost
    /// that dominates a large run.
    static func runGradient(threads: Int) throws -> [BenchMeasurement] {
        let n = 70_000, k = 90, iterations = 20
        var rng = SeededGenerator(seed: 11)
        // ten blobs over a 200-unit square; row i's entries are the next k points of its blob (near in memory)
        let centres = (0..<20).map { _ in Double.random(in: -85...85, using: &rng) }
        var y = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let c = 10 * i / n
            y[2 * i] = Float(centres[2 * c] + 4 * rng.nextGaussian())
            y[2 * i + 1] = Float(centres[2 * c + 1] + 4 * rng.nextGaussian())
        }
        var indices = [Int32](repeating: 0, count: n * k)
        for i in 0..<n {
            let blob = 10 * i / n, first = blob * n / 10, size = (blob + 1) * n / 10 - first
            for m in 0..<k { indices[i * k + m] = Int32(first + (i - first + m + 1) % size) }
        }
        let p = Affinities.joint(indices: indices, rows: n, k: k,
                                 conditional: [Float](repeating: 1 / Float(k), count: n * k), threads: threads)
        var options = TSNEOptions()
        options.threads = threads
        options.iterations = iterations
        options.earlyExaggerationIterations = 0
        options.learningRate = 1   // small steps: the extent, and so the grid, stays put
        options.progressInterval = iterations + 1
        options.gradient = .fft
        let seconds = try medianSeconds(repeats: 3, warmup: 1) {
            _ = try TSNE.optimize(affinities: p, initial: y, options: options)
        }
        return [BenchMeasurement(name: "projection.gradient_fft_70k", seconds: seconds / Double(iterations + 1),
                                 detail: "one t-SNE iteration, 70,000 points 200 units wide, 90 entries per row, FFT repulsion")]
    }

    /// Points around `clusters` random centres (spread 4) with unit Gaussian noise.
    private static func mixture(rows: Int, cols: Int, clusters: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        let centres = (0..<(clusters * cols)).map { _ in Float(4 * rng.nextGaussian()) }
        var x = [Float](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            let c = r % clusters
            for j in 0..<cols { x[r * cols + j] = centres[c * cols + j] + Float(rng.nextGaussian()) }
        }
        return x
    }
}
