import Foundation
@testable import Explorer
@testable import LatentSpace
import Projection
import Render
import Tensors

/// A decoder for tests: each latent dimension paints its own band of an 8×8 grey image (through a sigmoid), so
/// moving a dimension visibly changes the picture. Counts its decodes.
final class CountingModel: ExplorerModel, @unchecked Sendable {
    let dimensions: Int
    let canDecode = true
    let sample: ModelBundle.Sample? = ModelBundle.Sample(type: .image, shape: [1, 8, 8])
    private let lock = NSLock()
    private var calls = 0
    private var samples = 0

    init(dimensions: Int) { self.dimensions = dimensions }

    /// Decode calls so far, and samples decoded.
    var decodeCalls: Int { lock.lock(); defer { lock.unlock() }; return calls }
    var decodedSamples: Int { lock.lock(); defer { lock.unlock() }; return samples }

    func decode(_ codes: [Float], count: Int) throws -> [Float] {
        lock.lock()
        calls += 1
        samples += count
        lock.unlock()
        return Self.images(codes, count: count, dimensions: dimensions)
    }

    static func images(_ codes: [Float], count: Int, dimensions d: Int) -> [Float] {
        var out = [Float](repeating: 0, count: count * 64)
        for n in 0..<count {
            for p in 0..<64 {
                let dim = (p / 8) % d
                out[n * 64 + p] = 1 / (1 + exp(-(codes[n * d + dim] - 3)))
            }
        }
        return out
    }
}

/// A small explorer context: three well-separated clusters in a 4-d latent, with 8×8 input images and the
/// counting decoder (or none, or another model).
enum SyntheticContext {
    static func make(perClass: Int = 20, dimensions: Int = 4, display: DisplayOptions = DisplayOptions(),
                     jobs: [ProjectionMethod: ProjectionJob] = [:], model: (any ExplorerModel)? = nil,
                     withModel: Bool = false, anomalyClasses: [String]? = nil,
                     cachedProjections: [ProjectionMethod: [Float]] = [:]) throws -> ExplorerContext {
        var generator = SeededGenerator(seed: 7)
        var codes: [Float] = []
        var labels: [Int] = []
        for c in 0..<3 {
            for _ in 0..<perClass {
                for j in 0..<dimensions {
                    let centre: Float = j == c ? 6 : 0
                    codes.append(centre + Float.random(in: -1...1, using: &generator))
                }
                labels.append(c)
            }
        }
        let n = labels.count
        let encoding = Encoding(codes: codes, logvar: nil, reconstructionError: (0..<n).map { Float(($0 * 37) % n) / Float(n) },
                                count: n, dimensions: dimensions)
        let pca = try PCA.fit(codes, rows: n, cols: dimensions, components: dimensions)
        let decoder = model ?? (withModel ? CountingModel(dimensions: dimensions) : nil)
        var data: DataSet?
        if decoder != nil {
            let inputs = CountingModel.images(codes, count: n, dimensions: dimensions)
            data = DataSet(samples: try Tensor(shape: [n, 1, 8, 8], floats: inputs), labels: labels,
                           sample: ModelBundle.Sample(type: .image, shape: [1, 8, 8]), scale: 1)
        }
        return ExplorerContext(name: "Synthetic", kind: .ae, encoding: encoding, classes: labels,
                               classNames: ["alpha", "beta", "gamma"], classesAreClusters: false, pca: pca,
                               cachedProjections: cachedProjections, display: display, model: decoder, data: data, jobs: jobs, anomalyClasses: anomalyClasses)
    }

    /// A projection job that reports a neighbour search and two frames, then returns `result` (a line of points).
    static func fakeTSNE(count: Int) -> ProjectionJob {
        ProjectionJob(method: .tsne) { report, _ in
            guard report(.neighbors(done: count, total: count)) else { return nil }
            let frame = (0..<count).flatMap { [Float($0), Float($0 % 3)] }
            guard report(.frame(iteration: 10, total: 20, kl: 2, coordinates: frame)) else { return nil }
            return ProjectionJob.Result(coordinates: (0..<count).flatMap { [Float($0 % 3), Float($0)] }, kl: 1.5)
        }
    }
}
