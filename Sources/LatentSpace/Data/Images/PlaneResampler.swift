/// Resizes one plane of 8-bit samples: a centre crop to the target's aspect ratio, then a bilinear resize.
///
/// The resize is Pillow's `BILINEAR`: a triangle filter that is widened by the shrink factor when shrinking (so
/// every source pixel counts and small targets do not alias), applied along rows then columns.
public struct PlaneResampler: Sendable {
    public let sourceWidth: Int, sourceHeight: Int
    public let width: Int, height: Int
    private let columns: Weights
    private let rows: Weights

    /// The taps of each output position along one axis: first source index and normalised weights.
    private struct Weights: Sendable {
        var first: [Int] = []
        var taps: [[Float]] = []
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
        let lastRow = zip(rows.first, rows.taps).map { $0 + $1.count }.max() ?? 0
        // Rows first (only the rows the columns pass reads), then columns.
        var across = [Float](repeating: 0, count: max(0, lastRow - firstRow) * width)
        across.withUnsafeMutableBufferPointer { a in
            for y in firstRow..<lastRow {
                let row = y * sourceWidth, outRow = (y - firstRow) * width
                for x in 0..<width {
                    var sum: Float = 0
                    let start = row + columns.first[x]
                    for (k, w) in columns.taps[x].enumerated() { sum += Float(source[start + k]) * w }
                    a[outRow + x] = sum
                }
            }
            for y in 0..<height {
                let taps = rows.taps[y], start = rows.first[y] - firstRow
                for x in 0..<width {
                    var sum: Float = 0
                    for (k, w) in taps.enumerated() { sum += a[(start + k) * width + x] * w }
                    out[y * width + x] = UInt8(max(0, min(255, sum.rounded())))
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
        var result = Weights()
        for i in 0..<size {
            let centre = (Double(i) + 0.5) * scale
            let lo = max(0, Int(centre - support + 0.5))
            let hi = min(length, Int(centre + support + 0.5))
            var taps: [Double] = []
            for x in lo..<max(lo, hi) {
                taps.append(max(0, 1 - abs((Double(x) - centre + 0.5) / filterScale)))
            }
            let total = taps.reduce(0, +)
            result.first.append(offset + lo)
            result.taps.append(taps.map { Float(total > 0 ? $0 / total : 0) })
        }
        return result
    }
}
