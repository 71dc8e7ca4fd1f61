import Explorer
import Foundation
import Render

/// Decides how to draw on this terminal: the environment first, then the terminal's own answers (DA1 for
/// sixel, `ESC [ 16 t` for the cell size), then the user's `--images` choice.
public enum DisplayProbe {
    /// The display options, and the sixel wrapper to use (tmux passthrough) when images go through tmux.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              forcedImages: ImageFormat? = nil,
                              timeout: TimeInterval = 0.3) -> (DisplayOptions, sixelWrapper: (@Sendable ([UInt8]) -> [UInt8])?) {
        var caps = TerminalCapabilities.fromEnvironment(environment)
        var wrapper: (@Sendable ([UInt8]) -> [UInt8])?
        let dumb = environment["TERM"].map { $0 == "dumb" || $0.isEmpty } ?? true
        if !dumb {
            let inTmux = caps.multiplexer == .tmux
            let passthrough = inTmux && TerminalProbe.tmuxAllowsPassthrough()
            // Inside tmux the answers come from tmux itself unless the queries pass through to the outer terminal.
            let queries = [TerminalProbe.deviceAttributesQuery, TerminalProbe.cellSizeQuery].map {
                passthrough ? String(decoding: TerminalProbe.tmuxPassthrough(Array($0.utf8)), as: UTF8.self) : $0
            }
            let answer = TerminalProbe.ask(queries, timeout: timeout) { bytes in
                TerminalReplies.deviceAttributes(in: bytes) != nil && TerminalReplies.cellSize(in: bytes) != nil
            }
            if let da = TerminalReplies.deviceAttributes(in: answer)?.value {
                caps = caps.applying(da)
                if inTmux && !passthrough { caps.sixel = false }
            }
            if let size = TerminalReplies.cellSize(in: answer)?.value, size.width > 0, size.height > 0 {
                caps = caps.applying(cellSize: size)
            }
            if caps.sixel && passthrough { wrapper = { TerminalProbe.tmuxPassthrough($0) } }
        }
        var images = forcedImages ?? caps.preferredImageFormat
        if images == .sixel && caps.multiplexer == .tmux && wrapper == nil && forcedImages == nil { images = .blocks }
        let options = DisplayOptions(canvas: caps.preferredCanvas, images: images, colors: caps.colorDepth,
                                     cellSize: caps.effectiveCellSize, unicode: caps.unicode)
        return (options, wrapper)
    }
}
