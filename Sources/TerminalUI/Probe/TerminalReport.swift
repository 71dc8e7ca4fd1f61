import Explorer
import Render

extension DisplayProbe.Result {
    /// What `latent terminal` prints: one `key: value` line each.
    public var reportLines: [String] {
        let caps = capabilities
        var lines = ["terminal: \(caps.terminalName ?? "unknown")",
                     "images: \(options.images.rawValue) (\(imageReason))",
                     "cell: \(options.cellSize.width)x\(options.cellSize.height) px from \(options.cellSizeSource.rawValue)",
                     "colours: \(Self.colourName(options.colors))"]
        if options.images == .sixel { lines.append("sixel-registers: \(options.sixelRegisters)") }
        lines.append("unicode: \(options.unicode ? "yes" : "no")")
        switch tmuxPassthrough {
        case nil: lines.append("tmux: no")
        case true?: lines.append("tmux: yes, passthrough on")
        case false?: lines.append("tmux: yes, passthrough off")
        }
        return lines
    }

    /// The same in one line, for the help overlay.
    public var summary: String {
        let caps = capabilities
        return "\(caps.terminalName ?? "unknown terminal") · images \(options.images.rawValue) · cell "
            + "\(options.cellSize.width)x\(options.cellSize.height) px (\(options.cellSizeSource.rawValue)) · "
            + "\(Self.colourName(options.colors)) colours" + (tmuxPassthrough != nil ? " · tmux" : "")
    }

    static func colourName(_ depth: ColorDepth) -> String {
        switch depth {
        case .mono: return "none"
        case .ansi8: return "8"
        case .ansi16: return "16"
        case .indexed256: return "256"
        case .truecolor: return "truecolor"
        }
    }
}
