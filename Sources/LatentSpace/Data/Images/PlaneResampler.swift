/// Resizes one plane of 8-bit samples: a centre crop to the target's aspect ratio, then a bilinear resize.
///
/// The resize is Pillow's `BILINEAR`: a triangle filter that is widened by the shrink factor when shrinking (so
/// every source pixel counts and small targets do not alias), applied along rows then columns.
public struct PlaneResampler: Sendable {
    public let sourceWidth: Int, sourceHeight: Int
    public let width: Int, height: Int
    private let columns: Weights
    private let rows: Weights

    /// The taps of each output position along one axis: its first source index and `count` weights (normalised,
    /// zero-padded to the longest), `weights[i * count ..< (i + 1) * count]`.
    private struct Weights: Sendable {
        var first: [Int] = []
        var count = 0
        var weights: [Float] = []
    }

    /// A resampler from `sourceWidth × sourceHeight` to `width × height`, cropping the source's centre to the
    /// target's aspect ratio first.
    public init(sourceWidth: Int, sourceHeight: Int, width: Int, height: Int) {
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.width = width
        self.height = height
        // The crop: whole pixels in the middle (rounded down) with the target's aspect ratio (rounded).
        var boxWidth = sourceWidth, boxHeight = sourceHeight
        if sourceWidth * height > sourceHeight * width {
            boxWidth = max(1, Int((Double(sourceHeight * width) / Double(height)).rounded()))
        } else {
            boxHeight = max(1, Int((Double(sourceWidth * height) / Double(width)).rounded()))
        }
        columns = Self.weights(offset: (sourceWidth - boxWidth) / 2, length: boxWidth, to: width)
        rows = Self.weights(offset: (sourceHeight - boxHeight) / 2, length: boxHeight, to: height)
    }

    /// Resizes `source` (`sourceWidth × sourceHeight`, row-major) into `out` (`width × height`).
    ///
    /// Columns first: each output row is a weighted sum of whole source rows (contiguous, so the loop vectorises),
    /// then each output pixel a weighted sum along that row.
    public func resize(_ source: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) {
        let width = self.width, sourceWidth = self.sourceWidth
        let firstColumn = columns.first.first ?? 0
        let lastColumn = (columns.first.last ?? 0) + columns.count
        let span = lastColumn - firstColumn
        var line = [Float](repeating: 0, count: max(1, span))
        columns.weights.withUnsafeBufferPointer { cw in
            rows.weights.withUnsafeBufferPointer { rw in
                line.withUnsafeMutableBufferPointer { acc in
                    let rowTaps = rows.count, columnTaps = columns.count
                    for y in 0..<height {
                        let sum = acc.baseAddress!
                        sum.update(repeating: 0, count: span)
                        for k in 0..<rowTaps {
                            let weight = rw[y * rowTaps + k]
                            let row = source.baseAddress! + ((rows.first[y] + k) * sourceWidth + firstColumn)
                            // Unchecked index arithmetic so the loop compiles to vector instructions.
                            var x = 0
                            while x < span { sum[x] += Float(row[x]) * weight; x &+= 1 }
                        }
                        for x in 0..<width {
                            var sum: Float = 0
                            let start = columns.first[x] - firstColumn, w = x * columnTaps
                            for k in 0..<columnTaps { sum += acc[start + k] * cw[w + k] }
                            // Rounded half up (the sum is not negative, weights being so).
                            out[y * width + x] = UInt8(min(255, max(0, sum)) + 0.5)
                        }
                    }
                }
            }
        }
    }

    /// Pillow's `precompute_coeffs` for the bilinear filter over the crop `offset ..< offset + length`: output
    /// position `i` samples the crop around `(i + 0.5) · scale` with a triangle of half-width `max(scale, 1)`,
    /// taking no pixel outside the crop (as Pillow's `crop(box).resize(size, BILINEAR)`).
    private static func weights(offset: Int, length: Int, to size: Int) -> Weights {
        let scale = Double(length) / Double(size)
        let filterScale = max(scale, 1)
        let support = filterScale
        var first: [Int] = [], taps: [[Double]] = []
        for i in 0..<size {
            let centre = (Double(i) + 0.5) * scale
            let lo = max(0, Int(centre - support + 0.5))
            let hi = min(length, Int(centre + support + 0.5))
            var weights: [Double] = []
            for x in lo..<max(lo, hi) {
                weights.append(max(0, 1 - abs((Double(x) - centre + 0.5) / filterScale)))
            }
            let total = weights.reduce(0, +)
            first.append(lo)
            taps.append(weights.map { total > 0 ? $0 / total : 0 })
        }
        // Pad every position to the same number of taps, moving its window left where it would run past the end.
        var result = Weights()
        result.count = max(1, taps.map(\.count).max() ?? 1)
        for (lo, weights) in zip(first, taps) {
            let start = max(0, min(lo, length - result.count))
            var padded = [Float](repeating: 0, count: result.count)
            for (k, w) in weights.enumerated() { padded[lo - start + k] = Float(w) }
            result.first.append(offset + start)
            result.weights += padded
        }
        return result
    }
}
