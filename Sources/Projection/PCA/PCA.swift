import Tensors

/// Principal component analysis: exact, from the sample covariance and a symmetric eigensolver.
///
/// ```swift
/// let pca = try PCA.fit(x, rows: n, cols: d, components: 2)
/// let coords = pca.transform(x, rows: n)          // n × 2
/// let ratios = pca.explainedVarianceRatio         // [Double], largest first
/// ```
/// Components are unit vectors, ordered by decreasing variance, each with its largest-magnitude entry positive.
public struct PCA: Sendable, Equatable, Codable {
    /// The input dimension d.
    public let inputDimension: Int
    /// How many components were kept (k).
    public let componentCount: Int
    /// The column means of the fitted data (d values).
    public let mean: [Float]
    /// The principal axes as rows of a row-major `k × d` matrix.
    public let components: [Float]
    /// The variance of the data along each component (the covariance eigenvalues, divided by N − 1).
    public let explainedVariance: [Double]
    /// `explainedVariance` as fractions of the total variance (0 when the data has no variance).
    public let explainedVarianceRatio: [Double]
    /// The total variance of the data (the covariance trace).
    public let totalVariance: Double

    /// Fits `components` principal axes to the row-major `rows × cols` matrix `x`: from the covariance up to
    /// `covarianceColumnLimit` columns, by a randomised range finder above (no cols × cols matrix).
    ///
    /// - Parameters:
    ///   - components: how many axes to keep, in 1...cols.
    ///   - threads: worker threads for the checks and means, the covariance's row lanes and the eigensolver.
    /// - Throws: `ProjectionError` for an empty or non-finite matrix, or a component count out of range.
    public static func fit(_ x: [Float], rows: Int, cols: Int, components: Int,
                           threads: Int = 1) throws(ProjectionError) -> PCA {
        try x.withUnsafeBufferPointer { (b) throws(ProjectionError) in
            try fit(b, rows: rows, cols: cols, components: components, threads: threads)
        }
    }

    /// `fit` over the elements of any buffer, such as a mapped file's (`NPYFloats`), without copying them.
    public static func fit(_ x: UnsafeBufferPointer<Float>, rows: Int, cols: Int, components: Int,
                           threads: Int = 1) throws(ProjectionError) -> PCA {
        try InputCheck.matrix(x, rows: rows, cols: cols, threads: threads)
        guard (1...cols).contains(components) else {
            throw .invalidOption(name: "component count", reason: "\(components) is not in 1...\(cols) (the input has \(cols) columns)")
        }
        if cols > covarianceColumnLimit {
            return try fitRandomized(x, rows: rows, cols: cols, components: components)
        }
        let (cov, mean, total) = Covariance.compute(x, rows: rows, cols: cols, threads: threads)
        let eig = try SymmetricEigen.largest(cov, n: cols, count: components, threads: threads)
        let variances = eig.values.map { max($0, 0) }
        return PCA(inputDimension: cols, componentCount: components, mean: mean.map { Float($0) },
                   components: eig.vectors.map { Float($0) }, explainedVariance: variances,
                   explainedVarianceRatio: variances.map { total > 0 ? $0 / total : 0 }, totalVariance: total)
    }

    /// Creates a PCA from its parts (for example, one restored from a cache).
    public init(inputDimension: Int, componentCount: Int, mean: [Float], components: [Float],
                explainedVariance: [Double], explainedVarianceRatio: [Double], totalVariance: Double) {
        precondition(mean.count == inputDimension && components.count == componentCount * inputDimension,
                     "PCA parts do not match its dimensions")
        self.inputDimension = inputDimension
        self.componentCount = componentCount
        self.mean = mean
        self.components = components
        self.explainedVariance = explainedVariance
        self.explainedVarianceRatio = explainedVarianceRatio
        self.totalVariance = totalVariance
    }

    /// Principal axis `i` (d values).
    public func component(_ i: Int) -> [Float] {
        Array(components[(i * inputDimension)..<((i + 1) * inputDimension)])
    }

    /// Projects the row-major `rows × d` matrix `x` onto the components: a row-major `rows × k` matrix.
    ///
    /// `x.count` must be `rows × inputDimension` (a programming error otherwise).
    public func transform(_ x: [Float], rows: Int) -> [Float] {
        x.withUnsafeBufferPointer { transform($0, rows: rows) }
    }

    /// `transform` over the elements of any buffer, such as a mapped file's (`NPYFloats`); with more than one
    /// thread, blocks of rows are centred and projected side by side (each row's scores come out the same).
    public func transform(_ x: UnsafeBufferPointer<Float>, rows: Int, threads: Int = 1) -> [Float] {
        precondition(x.count == rows * inputDimension, "transform input is not rows × \(inputDimension)")
        let d = inputDimension, k = componentCount
        var out = [Float](repeating: 0, count: rows * k)
        let block = 4096
        let blocks = (rows + block - 1) / block
        let lanes = max(1, min(threads, blocks))
        var centred = [Float](repeating: 0, count: lanes * min(rows, block) * d)
        components.withUnsafeBufferPointer { wb in
            mean.withUnsafeBufferPointer { mb in
                out.withUnsafeMutableBufferPointer { ob in
                    centred.withUnsafeMutableBufferPointer { cb in
                        nonisolated(unsafe) let (w, m, o, scratch) = (wb.baseAddress!, mb.baseAddress!,
                                                                      ob.baseAddress!, cb.baseAddress!)
                        nonisolated(unsafe) let source = x.baseAddress!
                        let lane = { (lane: Int) in
                            let dst = scratch + lane * min(rows, block) * d
                            for b in Parallel.range(chunk: lane, of: lanes, count: blocks) {
                                let start = b * block, n = min(block, rows - start)
                                for r in 0..<n {
                                    let src = source + (start + r) * d, row = dst + r * d
                                    for c in 0..<d { row[c] = src[c] - m[c] }
                                }
                                Linalg.sgemm(transA: false, transB: true, m: n, n: k, k: d, a: dst, lda: d, b: w,
                                             ldb: d, c: o + start * k, ldc: k)
                            }
                        }
                        if lanes == 1 {
                            lane(0)
                        } else {
                            Linalg.singleThreaded { Parallel.forEach(count: lanes, threads: lanes, grain: 1, lane) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Maps component coordinates (row-major `rows × k`) back to the input space: `y W + mean`.
    public func inverseTransform(_ y: [Float], rows: Int) -> [Float] {
        precondition(y.count == rows * componentCount, "inverseTransform input is not rows × \(componentCount)")
        var out = Linalg.matmul(y, components, m: rows, k: componentCount, n: inputDimension)
        for r in 0..<rows { for c in 0..<inputDimension { out[r * inputDimension + c] += mean[c] } }
        return out
    }
}
