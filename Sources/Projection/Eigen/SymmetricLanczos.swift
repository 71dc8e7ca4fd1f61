import Foundation
import Tensors

/// The largest eigenpairs of a large symmetric operator known only by its products, by Lanczos with full
/// reorthogonalisation and thick restarts (Krylov–Schur, Stewart 2001; Wu & Simon 2000).
///
/// Each cycle grows an orthonormal basis to `basisSize` vectors (every new vector Gram–Schmidt'ed twice against
/// the basis and the deflated vectors), takes the Ritz pairs of the projected matrix, and restarts from the best
/// half of them. A pair counts as converged when its residual ‖A·x − θ·x‖ is at most `tolerance` (relative to the
/// largest |θ|). Inner products are summed in fixed blocks in a fixed order, so the result does not depend on the
/// thread count.
public enum SymmetricLanczos {
    /// Eigenpairs found.
    public struct Result: Sendable {
        /// The eigenvalues, largest first.
        public var values: [Double]
        /// Row-major `values.count × n`: unit eigenvectors, one per row.
        public var vectors: [Double]
        /// Their residual norms.
        public var residuals: [Double]
        /// Whether every pair met the tolerance.
        public var converged: Bool
        /// Operator products computed.
        public var products: Int
    }

    /// Elements per block of an inner product (partial sums per block, added in block order).
    static let block = 4096

    /// The `count` largest eigenpairs of the symmetric operator `apply` (y = A·x) of order `n`, in the
    /// complement of the orthonormal `deflating` vectors (each of length n).
    ///
    /// - Parameters:
    ///   - progress: called with (restarts done, `maxRestarts`) before every cycle; false stops (nil then).
    /// - Returns: the pairs after convergence or after `maxRestarts` cycles (check `converged`); nil when stopped.
    public static func largest(count: Int, order n: Int, deflating: [[Double]] = [], basisSize: Int = 40,
                               tolerance: Double = 1e-6, maxRestarts: Int = 200, seed: UInt64 = 0,
                               threads: Int = 1,
                               progress: (_ done: Int, _ total: Int) -> Bool = { _, _ in true },
                               apply: (_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) -> Void)
        -> Result? {
        let free = n - deflating.count
        let count = max(0, min(count, free))
        guard count > 0 else { return Result(values: [], vectors: [], residuals: [], converged: true, products: 0) }
        let m = max(min(basisSize, free), min(free, count + 2))
        var basis = [Double](repeating: 0, count: (m + 1) * n)
        var h = [Double](repeating: 0, count: m * m)
        var w = [Double](repeating: 0, count: n)
        var rng = SeededGenerator(seed: seed)
        var products = 0
        var kept = 0
        var values: [Double] = [], residuals: [Double] = [], ritz: [Double] = []
        var converged = false
        let work = Workspace(n: n, threads: threads)

        basis.withUnsafeMutableBufferPointer { vb in
            let v = vb.baseAddress!
            randomStart(v, n: n, rng: &rng)
            work.orthonormalise(v, against: v, count: 0, deflating: deflating)
        }
        var restart = 0
        while true {
            guard progress(restart, maxRestarts) else { return nil }
            // grow the basis from `kept` to m vectors
            var beta = 0.0
            basis.withUnsafeMutableBufferPointer { vb in
                w.withUnsafeMutableBufferPointer { wb in
                    let v = vb.baseAddress!, wp = wb.baseAddress!
                    for j in kept..<m {
                        apply(v + j * n, wp)
                        products += 1
                        let coefficients = work.orthogonalise(wp, against: v, count: j + 1, deflating: deflating)
                        for i in 0...j { h[i * m + j] = coefficients[i]; h[j * m + i] = coefficients[i] }
                        beta = work.norm(wp)
                        let next = v + (j + 1) * n
                        if beta > 1e-12 * max(1, abs(coefficients[j])) {
                            for e in 0..<n { next[e] = wp[e] / beta }
                        } else {
                            // an invariant subspace: carry on from a fresh direction
                            beta = 0
                            randomStart(next, n: n, rng: &rng)
                            work.orthonormalise(next, against: v, count: j + 1, deflating: deflating)
                        }
                    }
                }
            }
            // Rayleigh–Ritz on the projected matrix; the residual of a Ritz vector is β·|its last coordinate|
            guard let eig = try? SymmetricEigen.decompose(h, n: m, vectors: m) else { break }
            values = Array(eig.values.prefix(count))
            let scale = max(eig.values.map(abs).max() ?? 1, .leastNormalMagnitude)
            residuals = (0..<count).map { beta * abs(eig.vectors[$0 * m + (m - 1)]) }
            converged = residuals.allSatisfy { $0 <= tolerance * scale }
            restart += 1
            let keep = (converged || restart >= maxRestarts) ? count : max(count, min(m - 1, (m + count) / 2))
            ritz = work.combine(basis, n: n, coefficients: eig.vectors, basisCount: m, keep: keep)
            if converged || restart >= maxRestarts { break }
            // restart: the kept Ritz vectors, then the last residual direction
            basis.withUnsafeMutableBufferPointer { vb in
                ritz.withUnsafeBufferPointer { rb in
                    let v = vb.baseAddress!
                    (v + keep * n).update(from: v + m * n, count: n)
                    v.update(from: rb.baseAddress!, count: keep * n)
                }
            }
            for i in 0..<(m * m) { h[i] = 0 }
            for i in 0..<keep { h[i * m + i] = eig.values[i] }
            kept = keep
        }
        return Result(values: values, vectors: Array(ritz.prefix(count * n)), residuals: residuals,
                      converged: converged, products: products)
    }

    private static func randomStart(_ v: UnsafeMutablePointer<Double>, n: Int, rng: inout SeededGenerator) {
        for e in 0..<n { v[e] = rng.nextGaussian() }
    }

    /// Blocked, thread-count-independent vector operations over length-n vectors.
    final class Workspace: @unchecked Sendable {
        let n: Int, threads: Int, blocks: Int

        init(n: Int, threads: Int) {
            self.n = n
            self.threads = threads
            blocks = (n + SymmetricLanczos.block - 1) / SymmetricLanczos.block
        }

        private func range(_ b: Int) -> Range<Int> {
            (b * SymmetricLanczos.block)..<min(n, (b + 1) * SymmetricLanczos.block)
        }

        /// Σ x[e]·y[e], by blocks.
        func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
            var partial = [Double](repeating: 0, count: blocks)
            partial.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let (p, x, y) = (pb.baseAddress!, x, y)
                Parallel.forEach(count: blocks, threads: threads, grain: 4) { b in
                    let r = range(b)
                    p[b] = VectorKernels.dot(x + r.lowerBound, y + r.lowerBound, r.count)
                }
            }
            return partial.reduce(0, +)
        }

        func norm(_ x: UnsafePointer<Double>) -> Double { dot(x, x).squareRoot() }

        /// The inner products of `w` with the `count` basis vectors (row-major, n apart), by blocks.
        func projections(_ w: UnsafePointer<Double>, _ v: UnsafePointer<Double>, count: Int) -> [Double] {
            var partial = [Double](repeating: 0, count: blocks * count)
            partial.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let (p, w, v, n) = (pb.baseAddress!, w, v, n)
                Parallel.forEach(count: blocks, threads: threads, grain: 1) { b in
                    let r = range(b)
                    for i in 0..<count {
                        p[b * count + i] = VectorKernels.dot(w + r.lowerBound, v + i * n + r.lowerBound, r.count)
                    }
                }
            }
            var out = [Double](repeating: 0, count: count)
            for b in 0..<blocks { for i in 0..<count { out[i] += partial[b * count + i] } }
            return out
        }

        /// w −= Σ c[i]·v_i.
        func subtract(_ w: UnsafeMutablePointer<Double>, _ v: UnsafePointer<Double>, _ c: [Double]) {
            nonisolated(unsafe) let (w, v, n) = (w, v, n)
            Parallel.forEach(count: blocks, threads: threads, grain: 1) { b in
                let r = range(b)
                for i in c.indices where c[i] != 0 {
                    VectorKernels.axpy(-c[i], v + i * n + r.lowerBound, w + r.lowerBound, r.count)
                }
            }
        }

        /// Removes from `w` its parts along the deflated vectors and the first `count` basis vectors (classical
        /// Gram–Schmidt, twice); returns the basis coefficients.
        func orthogonalise(_ w: UnsafeMutablePointer<Double>, against v: UnsafePointer<Double>, count: Int,
                           deflating: [[Double]]) -> [Double] {
            var total = [Double](repeating: 0, count: count)
            for _ in 0..<2 {
                for d in deflating {
                    d.withUnsafeBufferPointer { db in
                        let c = dot(w, db.baseAddress!)
                        subtract(w, db.baseAddress!, [c])
                    }
                }
                if count > 0 {
                    let c = projections(w, v, count: count)
                    subtract(w, v, c)
                    for i in 0..<count { total[i] += c[i] }
                }
            }
            return total
        }

        /// Orthogonalises `x` against the deflated vectors and `count` basis vectors, then scales it to unit length.
        func orthonormalise(_ x: UnsafeMutablePointer<Double>, against v: UnsafePointer<Double>, count: Int,
                            deflating: [[Double]]) {
            _ = orthogonalise(x, against: v, count: count, deflating: deflating)
            let length = norm(x)
            guard length > 0 else { return }
            for e in 0..<n { x[e] /= length }
        }

        /// The first `keep` Ritz vectors V·Y (Y: the projected matrix's eigenvectors, one per row of
        /// `coefficients`), row-major `keep × n`.
        func combine(_ basis: [Double], n: Int, coefficients: [Double], basisCount m: Int, keep: Int) -> [Double] {
            var out = [Double](repeating: 0, count: keep * n)
            out.withUnsafeMutableBufferPointer { ob in
                basis.withUnsafeBufferPointer { vb in
                    nonisolated(unsafe) let (o, v) = (ob.baseAddress!, vb.baseAddress!)
                    Parallel.forEach(count: blocks, threads: threads, grain: 1) { b in
                        let r = range(b)
                        for k in 0..<keep {
                            for i in 0..<m {
                                let c = coefficients[k * m + i]
                                VectorKernels.axpy(c, v + i * n + r.lowerBound, o + k * n + r.lowerBound, r.count)
                            }
                        }
                    }
                }
            }
            return out
        }
    }
}
