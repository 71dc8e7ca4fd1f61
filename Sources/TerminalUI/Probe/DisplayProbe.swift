import Explorer
import Foundation
import Render

/// Decides how to draw on this terminal: the environment first, then the kernel's window size and the
/// terminal's own answers to one batch of queries, then the user's `--images` choice.
public enum DisplayProbe {
    /// The queries sent at start, in one write: sixel colour registers (XTSMGRAPHICS), cell size, text area
    /// size, and DA1 last (every terminal answers it, and answers come in order, so it ends the wait).
    static let queries = [TerminalReplies.sixelRegistersQuery, TerminalReplies.cellSizeQuery,
                          TerminalReplies.textAreaSizeQuery, TerminalReplies.deviceAttributesQuery]

    /// The display options, and the sixel wrapper to use (tmux passthrough) when images go through tmux.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              forcedImages: ImageFormat? = nil,
                              timeout: TimeInterval = 0.3) -> (DisplayOptions, sixelWrapper: (@Sendable ([UInt8]) -> [UInt8])?) {
        var caps = TerminalCapabilities.fromEnvironment(environment)
        var wrapper: (@Sendable ([UInt8]) -> [UInt8])?
        let dumb = environment["TERM"].map { $0 == "dumb" || $0.isEmpty } ?? true
        let window = TerminalProbe.windowSize()
        var answer: [UInt8] = []
        if !dumb {
            let inTmux = caps.multiplexer == .tmux
            let passthrough = inTmux && TerminalProbe.tmuxAllowsPassthrough()
            // Inside tmux the answers come from tmux itself unless the queries pass through to the outer terminal.
            let batch = queries.map {
                passthrough ? String(decoding: TerminalProbe.tmuxPassthrough(Array($0.utf8)), as: UTF8.self) : $0
            }
            answer = TerminalProbe.ask(batch, timeout: timeout) { TerminalReplies.deviceAttributes(in: $0) != nil }
            caps = caps.applying(answers: answer)
            if inTmux && !passthrough { caps.sixel = false }
            if caps.sixel && passthrough { wrapper = { TerminalProbe.tmuxPassthrough($0) } }
        }
        let cell = TerminalCapabilities.resolveCellSize(window: window, csi16t: TerminalReplies.cellSize(in: answer)?.value,
                                                        csi14t: TerminalReplies.textAreaSize(in: answer)?.value)
        caps = caps.applying(cellSize: cell.size, source: cell.source)
        var images = forcedImages ?? caps.preferredImageFormat
        if images == .sixel && caps.multiplexer == .tmux && wrapper == nil && forcedImages == nil { images = .blocks }
        let options = DisplayOptions(canvas: caps.preferredCanvas, images: images, colors: caps.colorDepth,
                                     cellSize: caps.effectiveCellSize, cellSizeSource: caps.cellSizeSource,
                                     sixelRegisters: caps.effectiveSixelRegisters, unicode: caps.unicode)
        return (options, wrapper)
    }

    /// The cell size after a resize: the kernel's window size in pixels when the terminal fills it in; else
    /// nil (the terminal layer then asks the terminal again, and its answer arrives among the keys).
    public static func cellSizeAfterResize() -> PixelSize? {
        TerminalProbe.windowSize()?.cellSize
    }
}
