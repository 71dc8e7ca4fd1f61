// MARK: - ImageFormat

/// The ways an image can be drawn in a terminal (the `--format` / `--images` values).
public enum ImageFormat: String, CaseIterable, Sendable {
    case ascii
    case blocks
    case sixel
    /// The kitty graphics protocol (kitty, Ghostty, WezTerm, Konsole).
    case kitty

    /// The encoder for this format on a terminal with `colorDepth` colours and `sixelRegisters` sixel colour
    /// registers.
    public func encoder(colorDepth: ColorDepth, sixelRegisters: Int = 256) -> any ImageEncoder {
        switch self {
        case .ascii: return AsciiEncoder(greyColors: colorDepth >= .indexed256)
        case .blocks: return HalfBlockEncoder(depth: colorDepth)
        case .sixel: return SixelEncoder(options: SixelOptions(maxColors: sixelRegisters))
        case .kitty: return KittyEncoder()
        }
    }
}
