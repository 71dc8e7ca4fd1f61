// MARK: - ColorDepth

/// How many colours a terminal can show, from none to 24-bit.
public enum ColorDepth: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    /// No colours (NO_COLOR, dumb terminals): attributes only.
    case mono = 1
    /// The 8 ANSI colours.
    case ansi8 = 8
    /// The 8 ANSI colours and their bright variants.
    case ansi16 = 16
    /// The xterm 256-colour palette.
    case indexed256 = 256
    /// 24-bit RGB.
    case truecolor = 16_777_216

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .mono: return "mono"
        case .ansi8: return "8"
        case .ansi16: return "16"
        case .indexed256: return "256"
        case .truecolor: return "truecolor"
        }
    }
}

// MARK: - Downgrading

extension Color {
    /// The nearest colour a terminal of `depth` can show: RGB becomes the nearest palette entry, indexed
    /// colours beyond the depth become the nearest lower entry, and in `.mono` every colour becomes `.default`.
    public func downgraded(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (.default, _), (_, .truecolor):
            return self
        case (_, .mono):
            return .default
        case (.indexed, .indexed256):
            return self
        case (.rgb(let r, let g, let b), .indexed256):
            return .indexed(XTermPalette.nearest256(r, g, b))
        case (.indexed(let i), .ansi16) where i < 16, (.indexed(let i), .ansi8) where i < 8:
            return self
        case (.indexed(let i), .ansi8) where i < 16:
            return .indexed(i - 8)
        case (_, .ansi16):
            let c = rgbComponents!
            return .indexed(XTermPalette.nearest16(c.r, c.g, c.b))
        case (_, .ansi8):
            let c = rgbComponents!
            return .indexed(XTermPalette.nearest8(c.r, c.g, c.b))
        }
    }
}
