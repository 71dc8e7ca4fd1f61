// MARK: - Palette

/// The plot's colours for one colour depth: categorical class colours, a sequential scale for scores, and the
/// fixed colours of greyed points and highlights.
///
/// The categorical colours are 12 entries of the xterm colour cube chosen to be far apart (CIELAB ΔE ≥ 21
/// between any two) and visible on a dark background, so the truecolor and 256-colour forms are identical.
/// Past 12 classes the colours continue along golden-ratio hue steps; they are no longer guaranteed to be
/// well separated (the legend shows which is which). With 16 colours there are 12 distinct ANSI entries; with
/// 8, 6 colours and then their bright variants (drawn bold, see `Style.downgraded(to:)`), 12 in all, after which
/// they repeat; in `.mono` every colour is the terminal's default.
public struct Palette: Equatable, Sendable {
    public var depth: ColorDepth

    public init(depth: ColorDepth) {
        self.depth = depth
    }

    // MARK: - Categorical

    /// The well-separated class colours (all exact xterm cube entries).
    public static let categoricalRGB: [(UInt8, UInt8, UInt8)] = [
        (95, 135, 255),  // blue
        (255, 135, 0),  // orange
        (95, 215, 95),  // green
        (255, 95, 95),  // red
        (175, 135, 255),  // violet
        (255, 215, 95),  // yellow
        (95, 215, 215),  // cyan
        (255, 135, 215),  // pink
        (175, 215, 0),  // lime
        (215, 175, 135),  // tan
        (255, 0, 255),  // magenta
        (0, 255, 0),  // bright green
    ]
    /// The class colours among the 16 ANSI colours (12 distinct).
    static let categorical16: [UInt8] = [12, 3, 10, 9, 5, 11, 14, 13, 2, 1, 6, 4]
    /// The class colours for 8-colour terminals: 6 ANSI colours, then their bright variants (shown as bold).
    static let categorical8: [UInt8] = [4, 3, 2, 1, 5, 6, 12, 11, 10, 9, 13, 14]

    /// The colour of class `index` (negative indices, for unlabelled points, get the default colour).
    public func classColor(_ index: Int) -> Color {
        guard index >= 0 else { return .default }
        switch depth {
        case .mono:
            return .default
        case .ansi8:
            return .indexed(Self.categorical8[index % Self.categorical8.count])
        case .ansi16:
            return .indexed(Self.categorical16[index % Self.categorical16.count])
        case .indexed256, .truecolor:
            let c = Self.classRGB(index)
            let color = Color.rgb(c.0, c.1, c.2)
            return depth == .truecolor ? color : color.downgraded(to: .indexed256)
        }
    }

    /// The colour of class `index` ≥ 0 at `brightness` in [0, 1] (its RGB scaled), where the depth allows it (256
    /// colours or more); at lower depths the class colour itself.
    public func classColor(_ index: Int, brightness: Float) -> Color {
        guard depth == .indexed256 || depth == .truecolor, index >= 0 else { return classColor(index) }
        let c = Self.classRGB(index)
        let f = min(1, max(0, brightness.isNaN ? 1 : brightness))
        let color = Color.rgb(unit: Float(c.0) / 255 * f, Float(c.1) / 255 * f, Float(c.2) / 255 * f)
        return depth == .truecolor ? color : color.downgraded(to: .indexed256)
    }

    /// The RGB colour of class `index` ≥ 0: a fixed entry for the first 12, golden-ratio hue steps after.
    public static func classRGB(_ index: Int) -> (UInt8, UInt8, UInt8) {
        if index < categoricalRGB.count { return categoricalRGB[index] }
        let k = index - categoricalRGB.count
        let hue = (Double(k) * 0.618_033_988_75 + 0.11).truncatingRemainder(dividingBy: 1)
        return hsv(hue: hue, saturation: 0.65, value: k % 2 == 0 ? 1.0 : 0.8)
    }

    // MARK: - Sequential

    /// Viridis at t = 0, 0.1, ..., 1.
    static let viridisStops: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 36, 117), (65, 68, 135), (53, 95, 141), (42, 120, 142), (33, 145, 140),
        (34, 168, 132), (68, 191, 112), (122, 209, 81), (189, 223, 38), (253, 231, 37),
    ]
    static let sequential16: [UInt8] = [4, 12, 6, 14, 10, 11]
    static let sequential8: [UInt8] = [4, 6, 2, 3]

    /// The viridis colour at `t` in [0, 1] (clamped; NaN is 0), linearly interpolated between 11 stops.
    public static func viridis(_ t: Float) -> (UInt8, UInt8, UInt8) {
        let u = t.isNaN ? 0 : Double(min(1, max(0, t))) * 10
        let i = min(9, Int(u))
        let f = u - Double(i)
        let a = viridisStops[i], b = viridisStops[i + 1]
        func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8((x + (y - x) * f).rounded()) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The sequential (viridis-like) colour for a score normalised to [0, 1].
    public func scoreColor(_ t: Float) -> Color {
        let u = t.isNaN ? 0 : min(1, max(0, t))
        switch depth {
        case .mono:
            return .default
        case .ansi8:
            return .indexed(Self.sequential8[min(Self.sequential8.count - 1, Int(u * Float(Self.sequential8.count)))])
        case .ansi16:
            return .indexed(Self.sequential16[min(Self.sequential16.count - 1, Int(u * Float(Self.sequential16.count)))])
        case .indexed256, .truecolor:
            let c = Self.viridis(u)
            let color = Color.rgb(c.0, c.1, c.2)
            return depth == .truecolor ? color : color.downgraded(to: .indexed256)
        }
    }

    // MARK: - Fixed colours

    /// Points of greyed-out classes: a dim grey.
    public var greyed: Color {
        switch depth {
        case .mono: return .default
        case .ansi8: return .indexed(7)
        case .ansi16: return .indexed(8)
        case .indexed256: return .indexed(240)
        case .truecolor: return .rgb(88, 88, 88)
        }
    }

    /// Highlights drawn over the plot (cursor, selection, marks): white.
    public var highlight: Color {
        switch depth {
        case .mono: return .default
        case .ansi8: return .indexed(7)
        case .ansi16: return .indexed(15)
        case .indexed256: return .indexed(231)
        case .truecolor: return .rgb(255, 255, 255)
        }
    }

    // MARK: - Helpers

    static func hsv(hue: Double, saturation s: Double, value v: Double) -> (UInt8, UInt8, UInt8) {
        let h = hue * 6
        let i = Int(h) % 6
        let f = h - Double(Int(h))
        let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
        let (r, g, b): (Double, Double, Double)
        switch i {
        case 0: (r, g, b) = (v, t, p)
        case 1: (r, g, b) = (q, v, p)
        case 2: (r, g, b) = (p, v, t)
        case 3: (r, g, b) = (p, q, v)
        case 4: (r, g, b) = (t, p, v)
        default: (r, g, b) = (v, p, q)
        }
        return (UInt8((r * 255).rounded()), UInt8((g * 255).rounded()), UInt8((b * 255).rounded()))
    }
}
