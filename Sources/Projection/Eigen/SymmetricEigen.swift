/// The eigendecomposition of a dense symmetric matrix: Householder tridiagonalisation, implicit QL for the
/// eigenvalues, and eigenvectors by inverse iteration (few vectors) or by accumulated QL rotations (many).
public enum SymmetricEigen {
    /// Eigenvalues in descending order and the eigenvectors of the largest ones.
    public struct Decomposition: Sendable, Equatable {
        /// The order of the matrix.
        public var dimension: Int
        /// All `dimension` eigenvalues, largest first.
        public var values: [Double]
        /// `vectorCount × dimension`, row-major: row `i` is the unit eigenvector of `values[i]`, its sign chosen
        /// so that its entry of largest magnitude is positive.
        public var vectors: [Double]
        /// How many eigenvectors `vectors` holds.
        public var vectorCount: Int

        /// Eigenvector `i` as an array.
        public func vector(_ i: Int) -> [Double] { Array(vectors[(i * dimension)..<((i + 1) * dimension)]) }
    }

    /// How the eigenvectors are computed.
    public enum VectorMethod: Sendable {
        /// Inverse iteration when few vectors are wanted, QL rotations otherwise.
        case automatic
        /// Inverse iteration on the tridiagonal matrix: O(n) per vector plus the back-transformation.
        case inverseIteration
        /// Accumulate every QL rotation: O(n³), orthogonal by construction.
        case qlRotations
    }

    /// Decomposes the symmetric row-major `n × n` matrix `a` (symmetrised as `(A + Aᵀ)/2` first).
    ///
    /// - Parameters:
    ///   - vectors: how many eigenvectors to compute, for the largest eigenvalues (0...n).
    ///   - method: how to compute them; `.automatic` picks by count.
    ///   - threads: worker threads for the tridiagonal reduction.
    /// - Throws: `ProjectionError` if the sizes do not match or an entry is not finite.
    public static func decompose(_ a: [Double], n: Int, vectors: Int, method: VectorMethod = .automatic,
                                 threads: Int = 1) throws(ProjectionError) -> Decomposition {
        guard n > 0 else { throw .empty(rows: n, cols: n) }
        guard a.count == n * n else { throw .shapeMismatch(count: a.count, rows: n, cols: n) }
        if let bad = a.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(row: bad / n, col: bad % n) }
        guard (0...n).contains(vectors) else {
            throw .invalidOption(name: "eigenvector count", reason: "\(vectors) is not in 0...\(n)")
        }
        var sym = a
        for i in 0..<n { for j in (i + 1)..<n where j < n {
            let m = (a[i * n + j] + a[j * n + i]) / 2
            sym[i * n + j] = m
            sym[j * n + i] = m
        } }
        let tri = HouseholderTridiagonal(sym, n: n, threads: threads)
        let useRotations: Bool
        switch method {
        case .automatic: useRotations = n <= 64 || vectors * 4 >= n
        case .inverseIteration: useRotations = false
        case .qlRotations: useRotations = true
        }

        var values = tri.diagonal
        var out = [Double](repeating: 0, count: vectors * n)
        if useRotations && vectors > 0 {
            var z = [Double](repeating: 0, count: n * n)
            for i in 0..<n { z[i * n + i] = 1 }
            z.withUnsafeMutableBufferPointer { zb in
                TridiagonalQL.solve(diagonal: &values, offDiagonal: tri.offDiagonal, vectors: zb.baseAddress!)
            }
            let order = descendingOrder(values)
            for (r, i) in order.prefix(vectors).enumerated() {
                for c in 0..<n { out[r * n + c] = z[i * n + c] }
            }
            values = order.map { values[$0] }
        } else {
            TridiagonalQL.solve(diagonal: &values, offDiagonal: tri.offDiagonal)
            values = descendingOrder(values).map { values[$0] }
            if vectors > 0 {
                out = InverseIteration.eigenvectors(diagonal: tri.diagonal, offDiagonal: tri.offDiagonal,
                                                    eigenvalues: Array(values.prefix(vectors)))
            }
        }
        out.withUnsafeMutableBufferPointer { ob in
            for r in 0..<vectors {
                let v = ob.baseAddress! + r * n
                tri.applyQ(to: v)
                orient(v, n)
            }
        }
        return Decomposition(dimension: n, values: values, vectors: out, vectorCount: vectors)
    }

    /// Indices that sort `values` descending (stable, so ties keep their order).
    private static func descendingOrder(_ values: [Double]) -> [Int] {
        values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }

    /// Flips `v` so that its entry of largest magnitude (the first such) is positive.
    static func orient(_ v: UnsafeMutablePointer<Double>, _ n: Int) {
        var best = 0
        for i in 1..<max(n, 1) where abs(v[i]) > abs(v[best]) { best = i }
        if v[best] < 0 { for i in 0..<n { v[i] = -v[i] } }
    }
}
