// MARK: - XTermPalette

/// The xterm 256-colour palette and nearest-colour lookups into it.
///
/// Entries 0–15 are xterm's default ANSI colours (terminals may theme them), 16–231 a 6×6×6 cube with levels
/// 0, 95, 135, 175, 215, 255, and 232–255 a grey ramp 8, 18, ..., 238.
public enum XTermPalette {
    /// xterm's default values of the 16 ANSI colours.
    static let ansi: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]
    /// The six levels of each axis of the colour cube.
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The RGB value of palette entry `index`.
    public static func rgb(of index: UInt8) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = Int(index)
        if i < 16 { return ansi[i] }
        if i < 232 {
            let c = i - 16
            return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
        }
        let v = UInt8(8 + 10 * (i - 232))
        return (v, v, v)
    }

    /// The entry of the cube (16–231) or grey ramp (232–255) nearest to an RGB colour (squared RGB distance).
    ///
    /// The 16 ANSI entries are never chosen: terminals theme them, so their colour is unknown.
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let ri = cubeIndex(r), gi = cubeIndex(g), bi = cubeIndex(b)
        let cube = UInt8(16 + 36 * ri + 6 * gi + bi)
        let cubeDistance = distance((r, g, b), (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi]))
        // Grey ramp: nearest level to the mean.
        let mean = (Int(r) + Int(g) + Int(b)) / 3
        let gi2 = min(23, max(0, (mean - 8 + 5) / 10))
        let gv = UInt8(8 + 10 * gi2)
        let greyDistance = distance((r, g, b), (gv, gv, gv))
        return greyDistance < cubeDistance ? UInt8(232 + gi2) : cube
    }

    /// The nearest of the 16 ANSI colours (xterm's default values).
    public static func nearest16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        nearest(in: 0..<16, r, g, b)
    }

    /// The nearest of the 8 basic ANSI colours (xterm's default values).
    public static func nearest8(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        nearest(in: 0..<8, r, g, b)
    }

    // MARK: - Helpers

    static func nearest(in range: Range<Int>, _ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = range.lowerBound, bestDistance = Int.max
        for i in range {
            let d = distance((r, g, b), ansi[i])
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    /// The index (0–5) of the cube level nearest to `v`.
    static func cubeIndex(_ v: UInt8) -> Int {
        if v < 48 { return 0 }
        if v < 115 { return 1 }
        return min(5, (Int(v) - 35) / 40)
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }
}
