extension DecodedImage {
    /// Writes the image as `channels` planes (row-major, one after the other) of `width × height` samples.
    ///
    /// The conversions: alpha is composited on black (each colour times its opacity); grey becomes RGB by
    /// replication; RGB becomes grey by Rec. 601 luma, Y = 0.299 R + 0.587 G + 0.114 B, in the fixed-point form
    /// Pillow's `convert("L")` uses, so both give the same grey bytes.
    /// - Parameter channels: 1 (grey) or 3 (RGB); `out` holds `channels × width × height` samples.
    public func writePlanes(channels: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
        let n = width * height, c = self.channels
        precondition(out.count == channels * n && (channels == 1 || channels == 3), "planes of the wrong size")
        pixels.withUnsafeBufferPointer { p in
            // The common cases without alpha or conversion: a copy, or splitting RGB into planes.
            if c == channels && (c == 1 || c == 3) {
                if c == 1 { out.baseAddress!.update(from: p.baseAddress!, count: n); return }
                let (r, g, b, source) = (out.baseAddress!, out.baseAddress! + n, out.baseAddress! + 2 * n, p.baseAddress!)
                var i = 0
                while i < n {
                    r[i] = source[3 &* i]; g[i] = source[3 &* i &+ 1]; b[i] = source[3 &* i &+ 2]
                    i &+= 1
                }
                return
            }
            for i in 0..<n {
                let base = i * c
                var r = Int(p[base]), g = r, b = r
                if c >= 3 { g = Int(p[base + 1]); b = Int(p[base + 2]) }
                if c == 2 || c == 4 {
                    let a = Int(p[base + c - 1])
                    r = (r * a + 127) / 255; g = (g * a + 127) / 255; b = (b * a + 127) / 255
                }
                if channels == 1 {
                    out[i] = UInt8(isGrey ? r : (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
                } else {
                    out[i] = UInt8(r); out[n + i] = UInt8(g); out[2 * n + i] = UInt8(b)
                }
            }
        }
    }
}
