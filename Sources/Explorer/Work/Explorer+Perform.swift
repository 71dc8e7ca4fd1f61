import Foundation
import LatentSpace
import Projection

extension Explorer {
    /// Carries out a piece of heavy work (on whatever thread the caller chooses; the context is shared and
    /// read-only).
    public func perform(_ order: WorkOrder) -> WorkResult {
        switch order.work {
        case .decode(let codes, let count):
            return decode(codes, count: count)
        case .nearest(let code):
            return .index(nearestPoint(to: code))
        case .place(let codes, let rows, let projection, _):
            return place(codes, rows: rows, projection: projection, embedding: order.embedding)
        case .outlierTable(let method):
            return outlierTable(method)
        }
    }

    private func decode(_ codes: [Float], count: Int) -> WorkResult {
        guard let model = context.model, model.canDecode else { return .failure("the bundle has no decoder") }
        do {
            return .values(try model.decode(codes, count: count))
        } catch let e as BundleError {
            return .failure("cannot decode: \(URL(fileURLWithPath: e.file).lastPathComponent): \(e.problems.joined(separator: "; "))")
        } catch {
            return .failure("cannot decode: \(error)")
        }
    }

    /// The data point whose code is nearest `code` (Euclidean, in latent space).
    private func nearestPoint(to code: [Float]) -> Int? {
        let d = context.latentDim, n = context.count
        guard code.count == d, n > 0 else { return nil }
        var best = 0
        var bestDistance = Float.infinity
        context.encoding.codes.withUnsafeBufferPointer { z in
            for i in 0..<n {
                var s: Float = 0
                for j in 0..<d { let e = z[i * d + j] - code[j]; s += e * e }
                if s < bestDistance { bestDistance = s; best = i }
            }
        }
        return best
    }

    /// Plot coordinates (rows × 2) for new codes: exact for PCA and raw axes, placed into the embedding for a
    /// background projection (NaN where it cannot be placed).
    private func place(_ codes: [Float], rows: Int, projection: ProjectionKind, embedding: [Float]?) -> WorkResult {
        guard rows > 0 else { return .values([]) }
        switch projection {
        case .pca(let x, let y):
            let k = context.pca.componentCount
            let t = context.pca.transform(codes, rows: rows)
            return .values((0..<rows).flatMap { [t[$0 * k + x], t[$0 * k + y]] })
        case .raw:
            return .values(codes)
        case .learned:
            guard let embedding, embedding.count == context.count * 2 else {
                return .values([Float](repeating: .nan, count: rows * 2))
            }
            var options = TSNEPlacementOptions()
            options.iterations = 50
            let placed = try? TSNE.place(codes, rows: rows, reference: context.encoding.codes, referenceRows: context.count,
                                         cols: context.latentDim, embedding: embedding, options: options)
            return .values(placed ?? [Float](repeating: .nan, count: rows * 2))
        }
    }

    private func outlierTable(_ method: OutlierScores.Method) -> WorkResult {
        if method == .recon, let table = context.reconstructionTable { return .table(table) }
        do {
            let scores = try OutlierScores.knnDistance(context.encoding, threads: context.threads)
            return .table(OutlierTable.scoring(scores, ranked: ExplorerContext.rankedOutliers, anomalies: context.anomalies))
        } catch {
            return .failure("cannot score outliers: \(error)")
        }
    }
}
