// MARK: - Color

/// A terminal colour: the terminal's default, one of the 256 indexed colours, or a 24-bit RGB colour.
///
/// Indices 0–15 are the terminal's themable ANSI colours, 16–231 the 6×6×6 cube and 232–255 the grey ramp
/// (see `XTermPalette`). `downgraded(to:)` maps any colour to what a terminal of a given depth can show.
public enum Color: Hashable, Sendable, CustomStringConvertible {
    case `default`
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// An RGB colour from components in [0, 1] (clamped; NaN becomes 0).
    public static func rgb(unit r: Float, _ g: Float, _ b: Float) -> Color {
        .rgb(unitToByte(r), unitToByte(g), unitToByte(b))
    }

    /// A grey RGB colour from a level in [0, 1].
    public static func grey(unit v: Float) -> Color {
        let b = unitToByte(v)
        return .rgb(b, b, b)
    }

    /// The colour's RGB components: the xterm value for indexed colours, nil for the default colour.
    public var rgbComponents: (r: UInt8, g: UInt8, b: UInt8)? {
        switch self {
        case .default: return nil
        case .indexed(let i): return XTermPalette.rgb(of: i)
        case .rgb(let r, let g, let b): return (r, g, b)
        }
    }

    public var description: String {
        switch self {
        case .default: return "default"
        case .indexed(let i): return "indexed(\(i))"
        case .rgb(let r, let g, let b): return "rgb(\(r),\(g),\(b))"
        }
    }
}

/// Maps a value in [0, 1] to a byte, rounding to nearest; out-of-range values clamp and NaN becomes 0.
///
/// Computed in Double so that the rounding is that of the exact value (in Float, 0.9 × 255 rounds up to
/// 229.5 and the byte would be 230 instead of 229).
@inline(__always)
func unitToByte(_ v: Float) -> UInt8 {
    guard v > 0 else { return 0 }
    guard v < 1 else { return 255 }
    return UInt8(Double(v) * 255 + 0.5)
}
