import Foundation
@testable import Explorer
import LatentSpace
import Projection
import Render

/// A small explorer context without models: three well-separated clusters in a 4-d latent.
enum SyntheticContext {
    static func make(perClass: Int = 20, dimensions: Int = 4, display: DisplayOptions = DisplayOptions(),
                     tsneJob: TSNEJob? = nil) throws -> ExplorerContext {
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
        let encoding = Encoding(codes: codes, logvar: nil, reconstructionError: (0..<n).map { Float($0) / Float(n) },
                                count: n, dimensions: dimensions)
        let pca = try PCA.fit(codes, rows: n, cols: dimensions, components: dimensions)
        return ExplorerContext(name: "Synthetic", kind: .ae, encoding: encoding, classes: labels,
                               classNames: ["alpha", "beta", "gamma"], classesAreClusters: false, pca: pca,
                               cachedTSNE: nil, display: display, model: nil, data: nil, tsneJob: tsneJob)
    }
}
