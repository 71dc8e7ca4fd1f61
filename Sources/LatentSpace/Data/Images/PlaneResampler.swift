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
    public func resize(_ source: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) {
        let firstRow = rows.first.first ?? 0
        let lastRow = (rows.first.last ?? 0) + rows.count
        let width = self.width, sourceWidth = self.sourceWidth
        // Rows first (only the rows the columns pass reads), then columns.
        var across = [Float](repeating: 0, count: max(0, lastRow - firstRow) * width)
        columns.weights.withUnsafeBufferPointer { cw in
            rows.weights.withUnsafeBufferPointer { rw in
                across.withUnsafeMutableBufferPointer { a in
                    let taps = columns.count
                    for y in firstRow..<lastRow {
                        let row = y * sourceWidth, outRow = (y - firstRow) * width
                        for x in 0..<width {
                            var sum: Float = 0
                            let start = row + columns.first[x], w = x * taps
                            for k in 0..<taps { sum += Float(source[start + k]) * cw[w + k] }
                            a[outRow + x] = sum
                        }
                    }
                    let rowTaps = rows.count
                    var sums = [Float](repeating: 0, count: width)
                    for y in 0..<height {
                        let start = rows.first[y] - firstRow, w = y * rowTaps
                        for x in 0..<width { sums[x] = 0 }
                        for k in 0..<rowTaps {
                            let weight = rw[w + k], line = (start + k) * width
                            for x in 0..<width { sums[x] += a[line + x] * weight }
                        }
                        for x in 0..<width { out[y * width + x] = UInt8(max(0, min(255, sums[x].rounded()))) }
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
