import Foundation

/// Starting embeddings for UMAP, scaled as umap-learn scales them: the largest coordinate to 10, Gaussian noise of
/// standard deviation 10⁻⁴, then each axis stretched onto [0, 10].
enum UMAPInitialization {
    /// The starting embedding (row-major N × 2), what it was made from, and why spectral was not used when it
    /// was asked; nil when `progress` stopped the spectral solver.
    static func embedding(_ x: [Float], rows: Int, cols: Int, graph: FuzzySimplicialSet, options: UMAPOptions,
                          progress: (_ done: Int, _ total: Int) -> Bool) throws(ProjectionError)
        -> (embedding: [Float], kind: String, note: String?)? {
        var rng = SeededGenerator(seed: options.seed ^ 0x5eed_0f_1a1f)
        switch options.initialization {
        case .given(let y):
            return (y, "given", nil)
        case .pca:
            return (scaled(try principalComponents(x, rows: rows, cols: cols, options: options, rng: &rng), &rng), "pca", nil)
        case .spectral:
            let note: String
            if rows > UMAP.spectralLimit {
                note = "spectral initialisation is for up to \(UMAP.spectralLimit) points"
            } else {
                guard let spectral = SpectralLayout.embedding(graph, seed: options.seed, threads: options.threads,
                                                              progress: progress) else { return nil }
                switch spectral {
                case .success(let y): return (scaled(y, &rng), "spectral", nil)
                case .failure(let why): note = "no spectral initialisation: \(why)"
                }
            }
            return (scaled(try principalComponents(x, rows: rows, cols: cols, options: options, rng: &rng), &rng),
                    "pca", note + "; started from PCA")
        }
    }

    /// The first two principal component scores (a single input column gives one; the second is then noise).
    private static func principalComponents(_ x: [Float], rows: Int, cols: Int, options: UMAPOptions,
                                            rng: inout SeededGenerator) throws(ProjectionError) -> [Double] {
        var y = [Double](repeating: 0, count: 2 * rows)
        guard rows > 1 else { return y }
        let pca = try PCA.fit(x, rows: rows, cols: cols, components: min(2, cols), threads: options.threads)
        let scores = pca.transform(x, rows: rows)
        for i in 0..<rows {
            for c in 0..<pca.componentCount { y[2 * i + c] = Double(scores[i * pca.componentCount + c]) }
            if pca.componentCount == 1 { y[2 * i + 1] = rng.nextGaussian() }
        }
        return y
    }

    /// umap-learn's `noisy_scale_coords` (largest |coordinate| 10, noise 10⁻⁴), then each axis onto [0, 10].
    static func scaled(_ y: [Double], _ rng: inout SeededGenerator) -> [Float] {
        let largest = y.map(abs).max() ?? 0
        let expansion = largest > 0 ? 10 / largest : 1
        var out = y.map { Float($0 * expansion) }
        for i in out.indices { out[i] += Float(1e-4 * rng.nextGaussian()) }
        let n = out.count / 2
        for axis in 0..<2 where n > 0 {
            var lo = Float.infinity, hi = -Float.infinity
            for i in 0..<n { lo = min(lo, out[2 * i + axis]); hi = max(hi, out[2 * i + axis]) }
            guard hi > lo else { continue }
            let stretch = 10 / (hi - lo)
            for i in 0..<n { out[2 * i + axis] = (out[2 * i + axis] - lo) * stretch }
        }
        return out
    }
}
