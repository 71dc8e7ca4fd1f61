import Foundation
import LatentSpace

/// What the sliders and the traversal grid move a code along: single dimensions, the principal directions of
/// the codes (as GANSpace does, for latents too big for a slider each), or whole channels of a spatial latent (a
/// uniform shift of one channel).
public enum LatentAxes: String, Equatable, Sendable, Codable {
    case dimensions, principal, channels

    /// Latents above this many values open on principal directions.
    public static let dimensionSliderLimit = 64
}

/// The axes' sizes, labels and moves, from the context's statistics and PCA.
extension Explorer {
    /// The axes a tool opens on: principal directions above `LatentAxes.dimensionSliderLimit` values.
    var defaultAxes: LatentAxes {
        context.latentDim > LatentAxes.dimensionSliderLimit && context.pca.componentCount > 0 ? .principal : .dimensions
    }

    /// Whether the latent has channels to shift (a spatial latent, C × …).
    var hasChannels: Bool { context.latentShape.count > 1 && context.latentShape[0] > 1 }

    /// The axes after `p` (principal directions ↔ dimensions) or `c` (channels ↔ the default).
    func toggled(_ axes: LatentAxes, to wanted: LatentAxes) -> LatentAxes? {
        if wanted == .channels && !hasChannels { return nil }
        if wanted == .principal && context.pca.componentCount == 0 { return nil }
        if axes == wanted { return wanted == .principal ? .dimensions : defaultAxes }
        return wanted
    }

    /// How many axes there are.
    func axisCount(_ axes: LatentAxes) -> Int {
        switch axes {
        case .dimensions: return context.latentDim
        case .principal: return context.pca.componentCount
        case .channels: return hasChannels ? context.latentShape[0] : context.latentDim
        }
    }

    /// The values of one channel in a flat code.
    private func channelRange(_ c: Int) -> Range<Int> {
        let per = context.latentDim / max(1, axisCount(.channels))
        return (c * per)..<((c + 1) * per)
    }

    /// An axis's name: `z3`, `PC1 38.2%` (its share of the variance), `c2`.
    func axisLabel(_ axes: LatentAxes, _ k: Int) -> String {
        switch axes {
        case .dimensions: return "z\(k + 1)"
        case .principal: return String(format: "PC%d %.1f%%", k + 1, 100 * context.pca.explainedVarianceRatio[k])
        case .channels: return "c\(k + 1)"
        }
    }

    /// One σ along an axis: the dimension's standard deviation, the square root of the direction's variance, the
    /// mean standard deviation of the channel's values.
    func axisSigma(_ axes: LatentAxes, _ k: Int) -> Float {
        switch axes {
        case .dimensions: return context.stats.std[k]
        case .principal: return Float(context.pca.explainedVariance[k].squareRoot())
        case .channels:
            let range = channelRange(k)
            return context.stats.std[range].reduce(0, +) / Float(max(1, range.count))
        }
    }

    /// Where a code is on an axis, and where the data's mean is.
    func axisValue(_ axes: LatentAxes, _ k: Int, of code: [Float]) -> (value: Float, mean: Float) {
        switch axes {
        case .dimensions: return (code[k], context.stats.mean[k])
        case .principal:
            // The coefficient of the centred code along the unit direction; the mean code sits at 0.
            let d = context.latentDim, pca = context.pca
            var dot: Float = 0
            for j in 0..<d { dot += (code[j] - pca.mean[j]) * pca.components[k * d + j] }
            return (dot, 0)
        case .channels:
            let range = channelRange(k), n = Float(max(1, range.count))
            return (code[range].reduce(0, +) / n, context.stats.mean[range].reduce(0, +) / n)
        }
    }

    /// The code moved by `delta` along an axis.
    func moved(_ code: [Float], _ axes: LatentAxes, _ k: Int, by delta: Float) -> [Float] {
        var out = code
        switch axes {
        case .dimensions: out[k] += delta
        case .principal:
            let d = context.latentDim
            for j in 0..<d { out[j] += delta * context.pca.components[k * d + j] }
        case .channels:
            for j in channelRange(k) { out[j] += delta }
        }
        return out
    }

    /// The codes of a traversal row: the code moved by each offset (in σ) along an axis (for dimensions,
    /// `DimensionStats.traversal` itself).
    func traversal(of code: [Float], _ axes: LatentAxes, _ k: Int, offsets: [Float]) -> [Float] {
        if axes == .dimensions {
            return context.stats.traversal(of: code, dimension: k, offsets: offsets).flatMap { $0 }
        }
        let sigma = axisSigma(axes, k)
        return offsets.flatMap { moved(code, axes, k, by: $0 * sigma) }
    }
}
