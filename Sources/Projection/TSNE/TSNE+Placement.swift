import Foundation
import Tensors

/// Settings for placing new points into an existing t-SNE embedding (defaults after openTSNE's `transform`).
public struct TSNEPlacementOptions: Sendable, Equatable {
    /// The perplexity of each new point's affinities to the reference points (on ⌊3·perplexity⌋ neighbours).
    public var perplexity: Double = 5
    /// Gradient steps with the reference points held fixed (0 keeps the neighbour-weighted average).
    public var iterations: Int = 100
    /// The learning rate of those steps.
    public var learningRate: Double = 0.1
    /// The exaggeration of the attractive forces.
    public var exaggeration: Double = 1.5
    /// Momentum of the steps.
    public var momentum: Double = 0.8
    /// Per-point gradients longer than this are shortened (keeps points from shooting off).
    public var maxGradientNorm: Double = 0.25
    /// The Barnes–Hut accuracy.
    public var theta: Double = 0.5
    /// How the neighbours among the reference points are found (`auto`: NN-descent when both the new and the
    /// reference points number at least `KNN.approximateFrom`, so a few new points never wait for a graph).
    public var knn: KNNMethod = .auto
    /// Seed of an approximate neighbour search.
    public var seed: UInt64 = 0
    /// Worker threads.
    public var threads: Int = 1

    public init() {}
}

extension TSNE {
    /// Places new points into an existing embedding: each starts at the affinity-weighted average of its nearest
    /// reference points' positions, then takes gradient steps of the t-SNE objective with every reference point
    /// fixed (each new point normalised on its own, so new points do not push each other).
    ///
    /// - Parameters:
    ///   - points: the new points, row-major `rows × cols` in the input space.
    ///   - reference: the embedded data, row-major `referenceRows × cols`.
    ///   - embedding: its embedding, row-major `referenceRows × 2`.
    /// - Returns: the new points' positions, row-major `rows × 2`.
    /// - Throws: `ProjectionError` for bad data, mismatched sizes or options.
    public static func place(_ points: [Float], rows: Int, reference: [Float], referenceRows: Int, cols: Int,
                             embedding: [Float], options: TSNEPlacementOptions = TSNEPlacementOptions()) throws(ProjectionError) -> [Float] {
        try InputCheck.matrix(points, rows: rows, cols: cols)
        guard embedding.count == 2 * referenceRows else {
            throw .invalidOption(name: "reference embedding", reason: "has \(embedding.count) values, not \(referenceRows)×2")
        }
        guard embedding.allSatisfy(\.isFinite) else {
            throw .invalidOption(name: "reference embedding", reason: "has a NaN or infinite value")
        }
        guard options.perplexity > 0, options.iterations >= 0, options.learningRate > 0, options.theta >= 0,
              options.threads >= 1 else {
            throw .invalidOption(name: "placement options", reason: "perplexity, learning rate and threads must be positive")
        }
        let (k, perplexity) = Affinities.neighborCount(points: referenceRows + 1, perplexity: options.perplexity)
        let approximate = options.knn == .approx
            || (options.knn == .auto && KNN.isApproximate(.auto, rows: rows) && KNN.isApproximate(.auto, rows: referenceRows))
        let index = try KNN.index(reference, rows: referenceRows, cols: cols, method: approximate ? .approx : .exact,
                                  graphDegree: max(k, 15), seed: options.seed, threads: options.threads)
        let neighbors = index.query(points, rows: rows, k: k, threads: options.threads)
        let p = Affinities.conditional(neighbors, perplexity: perplexity, threads: options.threads)
        let ref = embedding.map(Double.init)

        // start: affinity-weighted average of the neighbours' positions
        var y = [Double](repeating: 0, count: 2 * rows)
        for i in 0..<rows {
            for s in 0..<neighbors.k {
                let j = Int(neighbors.indices[i * neighbors.k + s]), w = Double(p[i * neighbors.k + s])
                y[2 * i] += w * ref[2 * j]
                y[2 * i + 1] += w * ref[2 * j + 1]
            }
        }
        guard options.iterations > 0, referenceRows > 1 else { return y.map { Float($0) } }

        var tree = QuadTree()
        ref.withUnsafeBufferPointer { tree.build($0.baseAddress!, count: referenceRows) }
        var descent = GradientDescent(count: 2 * rows)
        var gradient = [Double](repeating: 0, count: 2 * rows)
        let theta2 = options.theta * options.theta
        for _ in 0..<options.iterations {
            tree.nodes.withUnsafeBufferPointer { nb in
                tree.sideSquared.withUnsafeBufferPointer { sb in
                    y.withUnsafeBufferPointer { yb in
                        gradient.withUnsafeMutableBufferPointer { gb in
                            neighbors.indices.withUnsafeBufferPointer { ib in
                                p.withUnsafeBufferPointer { pb in
                                    ref.withUnsafeBufferPointer { rb in
                                        // every new point's gradient is its own: split the points over the workers
                                        nonisolated(unsafe) let (nodes, side2, yy, grad, idx, pp, rr) =
                                            (nb.baseAddress!, sb.baseAddress!, yb.baseAddress!, gb.baseAddress!,
                                             ib.baseAddress!, pb.baseAddress!, rb.baseAddress!)
                                        let nodeCount = nb.count
                                        Parallel.forEachRange(count: rows, threads: options.threads, grain: 256) { range in
                                            for i in range {
                                                let xi = yy[2 * i], yi = yy[2 * i + 1]
                                                let r = TSNEGradient.repulsion(x: xi, y: yi, ownLeaf: -1, nodes: nodes,
                                                                               nodeCount: nodeCount, sideSquared: side2,
                                                                               theta2: theta2)
                                                var ax = 0.0, ay = 0.0
                                                for s in 0..<neighbors.k {
                                                    let j = Int(idx[i * neighbors.k + s])
                                                    let dx = xi - rr[2 * j], dy = yi - rr[2 * j + 1]
                                                    let pq = Double(pp[i * neighbors.k + s]) / (1 + dx * dx + dy * dy)
                                                    ax += pq * dx
                                                    ay += pq * dy
                                                }
                                                let invZ = r.sumQ > 0 ? 1 / r.sumQ : 0
                                                grad[2 * i] = options.exaggeration * ax - r.fx * invZ
                                                grad[2 * i + 1] = options.exaggeration * ay - r.fy * invZ
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            y.withUnsafeMutableBufferPointer { yb in
                gradient.withUnsafeBufferPointer { gb in
                    descent.step(yb.baseAddress!, gradient: gb.baseAddress!, points: rows,
                                 learningRate: options.learningRate, momentum: options.momentum, minGain: 0.01,
                                 maxStepNorm: nil, maxGradientNorm: options.maxGradientNorm, recentre: false)
                }
            }
        }
        return y.map { Float($0) }
    }
}
