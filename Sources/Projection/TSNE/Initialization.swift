/// Starting embeddings for t-SNE, scaled as openTSNE scales them.
enum TSNEInitialization {
    /// The standard deviation of the first coordinate after scaling.
    static let targetStd = 1e-4

    /// The row-major N × 2 starting embedding for `options.initialization`.
    static func embedding(_ x: [Float], rows: Int, cols: Int, options: TSNEOptions) throws(ProjectionError) -> [Double] {
        var rng = SeededGenerator(seed: options.seed)
        switch options.initialization {
        case .given(let y):
            return y.map(Double.init)
        case .random:
            return random(rows, &rng)
        case .pca:
            guard rows > 1 else { return [Double](repeating: 0, count: 2 * rows) }
            // a single input column gives one component; the second coordinate is then noise
            let pca = try PCA.fit(x, rows: rows, cols: cols, components: min(2, cols), threads: options.threads)
            let scores = pca.transform(x, rows: rows)
            var y = [Double](repeating: 0, count: 2 * rows)
            for i in 0..<rows {
                for c in 0..<pca.componentCount { y[2 * i + c] = Double(scores[i * pca.componentCount + c]) }
            }
            let std = standardDeviation(y, column: 0)
            guard std > 0, std.isFinite else { return random(rows, &rng) }
            let scale = targetStd / std
            for i in 0..<(2 * rows) { y[i] *= scale }
            if cols == 1 { for i in 0..<rows { y[2 * i + 1] = targetStd * rng.nextGaussian() } }
            // jitter with 1% of the scale, so coincident points separate (openTSNE's `jitter`)
            for i in 0..<(2 * rows) { y[i] += 0.01 * targetStd * rng.nextGaussian() }
            return y
        }
    }

    private static func random(_ rows: Int, _ rng: inout SeededGenerator) -> [Double] {
        (0..<(2 * rows)).map { _ in targetStd * rng.nextGaussian() }
    }

    /// The population standard deviation of one column of a row-major N × 2 array.
    static func standardDeviation(_ y: [Double], column: Int) -> Double {
        let n = y.count / 2
        guard n > 0 else { return 0 }
        var mean = 0.0
        for i in 0..<n { mean += y[2 * i + column] }
        mean /= Double(n)
        var v = 0.0
        for i in 0..<n { let d = y[2 * i + column] - mean; v += d * d }
        return (v / Double(n)).squareRoot()
    }
}
