// MARK: - Scaling

/// How an image is resampled to another size.
public enum ScaleFilter: String, CaseIterable, Sendable {
    /// Each output pixel copies the source pixel under its centre (sharp blocks; exact for integer factors).
    case nearest
    /// Each output pixel interpolates the four source pixels around its centre.
    case bilinear
}

extension Image {
    /// The image resampled to `width × height` (sizes below 1 become 1), pixel centres aligned.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ScaleFilter) -> Image {
        let w = max(1, newWidth), h = max(1, newHeight)
        if w == width && h == height { return self }
        var out = [Float](repeating: 0, count: w * h * channels)
        let c = channels
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                switch filter {
                case .nearest:
                    let xs = Self.nearestIndices(from: width, to: w)
                    for y in 0..<h {
                        let sy = Self.nearestIndex(y, from: height, to: h)
                        let srow = sy * width, drow = y * w
                        for x in 0..<w {
                            let s = (srow + xs[x]) * c, d = (drow + x) * c
                            for k in 0..<c { dst[d + k] = src[s + k] }
                        }
                    }
                case .bilinear:
                    let xw = Self.bilinearWeights(from: width, to: w)
                    let yw = Self.bilinearWeights(from: height, to: h)
                    for y in 0..<h {
                        let (y0, y1, fy) = yw[y]
                        for x in 0..<w {
                            let (x0, x1, fx) = xw[x]
                            let d = (y * w + x) * c
                            for k in 0..<c {
                                let a = src[(y0 * width + x0) * c + k], b = src[(y0 * width + x1) * c + k]
                                let p = src[(y1 * width + x0) * c + k], q = src[(y1 * width + x1) * c + k]
                                let top = a + (b - a) * fx, bottom = p + (q - p) * fx
                                dst[d + k] = top + (bottom - top) * fy
                            }
                        }
                    }
                }
            }
        }
        // The sizes are positive and the count matches, so this cannot fail.
        return (try? Image(width: w, height: h, channels: c, pixels: out)) ?? self
    }

    /// The source index under the centre of output index `i` when `from` samples become `to`.
    @inline(__always)
    static func nearestIndex(_ i: Int, from: Int, to: Int) -> Int {
        min(from - 1, (2 * i + 1) * from / (2 * to))
    }

    static func nearestIndices(from: Int, to: Int) -> [Int] {
        (0..<to).map { nearestIndex($0, from: from, to: to) }
    }

    /// For each output index: the two source indices around its centre and the weight of the second.
    static func bilinearWeights(from: Int, to: Int) -> [(Int, Int, Float)] {
        let scale = Double(from) / Double(to)
        return (0..<to).map { i in
            let s = max(0, min(Double(from - 1), (Double(i) + 0.5) * scale - 0.5))
            let i0 = Int(s)
            let i1 = min(from - 1, i0 + 1)
            return (i0, i1, Float(s - Double(i0)))
        }
    }
}
