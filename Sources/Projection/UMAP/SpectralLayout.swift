import Foundation
import Tensors

/// The spectral embedding of a fuzzy graph: the eigenvectors of the two smallest non-trivial eigenvalues of its
/// normalised Laplacian `I − D^−½ W D^−½`, as umap-learn's `spectral_layout` starts the layout.
///
/// They are the largest eigenvectors of `D^−½ W D^−½` other than `√d` (the trivial one, eigenvalue 1), found by
/// `SymmetricLanczos` with `√d` deflated.
enum SpectralLayout {
    /// Why there is no spectral embedding.
    enum Unavailable: Error, Equatable {
        case tooFewPoints(Int)
        case disconnected(components: Int)
        case isolatedPoint(Int)
    }

    /// The 2-D spectral embedding (row-major N × 2, unscaled eigenvector entries); nil when `progress` stopped it.
    static func embedding(_ graph: FuzzySimplicialSet, seed: UInt64, threads: Int,
                          progress: (_ done: Int, _ total: Int) -> Bool) -> Result<[Double], Unavailable>? {
        let n = graph.rows
        guard n > 4 else { return .failure(.tooFewPoints(n)) }
        var degree = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for p in graph.rowStart[i]..<graph.rowStart[i + 1] { degree[i] += Double(graph.weights[p]) }
        }
        if let lonely = degree.firstIndex(where: { $0 <= 0 }) { return .failure(.isolatedPoint(lonely)) }
        let components = graph.components().count
        guard components == 1 else { return .failure(.disconnected(components: components)) }
        let inverseRoot = degree.map { 1 / $0.squareRoot() }
        var trivial = degree.map { $0.squareRoot() }
        let length = trivial.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in 0..<n { trivial[i] /= length }
        let result = graph.rowStart.withUnsafeBufferPointer { sb in
            graph.columns.withUnsafeBufferPointer { cb in
                graph.weights.withUnsafeBufferPointer { wb in
                    inverseRoot.withUnsafeBufferPointer { rb in
                        nonisolated(unsafe) let (start, column, weight, root) = (sb.baseAddress!, cb.baseAddress!,
                                                                                 wb.baseAddress!, rb.baseAddress!)
                        return SymmetricLanczos.largest(count: 2, order: n, deflating: [trivial], basisSize: 40,
                                                        tolerance: 1e-4, maxRestarts: 60, seed: seed,
                                                        threads: threads, progress: progress) { x, y in
                            nonisolated(unsafe) let (x, y) = (x, y)
                            Parallel.forEachRange(count: n, threads: threads, grain: 2048) { range in
                                for i in range {
                                    var s = 0.0
                                    for p in start[i]..<start[i + 1] {
                                        let j = Int(column[p])
                                        s += Double(weight[p]) * root[j] * x[j]
                                    }
                                    y[i] = root[i] * s
                                }
                            }
                        }
                    }
                }
            }
        }
        guard let result else { return nil }
        var coordinates = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            coordinates[2 * i] = result.vectors[i]
            coordinates[2 * i + 1] = result.vectors[n + i]
        }
        return .success(coordinates)
    }
}

extension SpectralLayout.Unavailable: CustomStringConvertible {
    var description: String {
        switch self {
        case .tooFewPoints(let n): return "\(n) points are too few"
        case .disconnected(let c): return "the neighbour graph has \(c) separate parts"
        case .isolatedPoint(let i): return "point \(i) has no neighbours left in the graph"
        }
    }
}
