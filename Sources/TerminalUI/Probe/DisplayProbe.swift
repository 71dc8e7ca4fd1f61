import Explorer
import Foundation
import Render

/// Decides how to draw on this terminal: the environment first (hints only: SSH drops most of it), then the
/// kernel's window size and the terminal's own answers to one batch of queries, then the user's choice
/// (`--images`, else `LATENT_IMAGES`).
public enum DisplayProbe {
    /// What was found.
    public struct Result: Sendable {
        public var options: DisplayOptions
        /// Wraps image bytes for tmux passthrough, when images go through tmux.
        public var imageWrapper: (@Sendable ([UInt8]) -> [UInt8])?
        public var capabilities: TerminalCapabilities
        /// Why images are drawn the way they are.
        public var imageReason: String
        /// Inside tmux: whether it passes escape sequences through to the outer terminal.
        public var tmuxPassthrough: Bool?
    }

    /// The queries sent at start, in one write: XTVERSION, the kitty graphics query, XTSMGRAPHICS, cell size,
    /// text area size, and DA1 last: every terminal answers it and answers come in order, so it ends the wait.
    static let queries = [TerminalReplies.versionQuery, TerminalReplies.kittyQuery, TerminalReplies.sixelRegistersQuery,
                          TerminalReplies.cellSizeQuery, TerminalReplies.textAreaSizeQuery,
                          TerminalReplies.deviceAttributesQuery]

    /// How long to wait for the DA1 answer: 250 ms, 1 s over SSH (`SSH_TTY` set).
    public static func timeout(environment: [String: String]) -> TimeInterval {
        (environment["SSH_TTY"] ?? "").isEmpty ? 0.25 : 1.0
    }

    /// Probes the terminal.
    ///
    /// - Throws: `DisplayProbeError` when `LATENT_IMAGES` names no image format.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              forcedImages: ImageFormat? = nil) throws -> Result {
        var forced = forcedImages.map { ($0, "chosen with --images") }
        if forced == nil, let value = environment["LATENT_IMAGES"], !value.isEmpty {
            guard let format = ImageFormat(rawValue: value) else {
                throw DisplayProbeError(description: "LATENT_IMAGES=\(value) is not an image format (use "
                                        + ImageFormat.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            forced = (format, "chosen with LATENT_IMAGES")
        }
        var caps = TerminalCapabilities.fromEnvironment(environment)
        var wrapper: (@Sendable ([UInt8]) -> [UInt8])?
        var passthrough: Bool?
        let dumb = environment["TERM"].map { $0 == "dumb" || $0.isEmpty } ?? true
        let window = TerminalProbe.windowSize()
        var answer: [UInt8] = []
        if !dumb {
            let inTmux = caps.multiplexer == .tmux
            passthrough = inTmux ? TerminalProbe.tmuxAllowsPassthrough() : nil
            // Inside tmux the answers come from tmux itself unless the queries pass through to the outer terminal.
            let batch = queries.map {
                passthrough == true ? String(decoding: TerminalProbe.tmuxPassthrough(Array($0.utf8)), as: UTF8.self) : $0
            }
            answer = TerminalProbe.ask(batch, timeout: timeout(environment: environment)) {
                TerminalReplies.deviceAttributes(in: $0) != nil
            }
            caps = caps.applying(answers: answer)
            if inTmux && passthrough != true { caps.sixel = false }
            if caps.sixel && passthrough == true { wrapper = { TerminalProbe.tmuxPassthrough($0) } }
        }
        let cell = TerminalCapabilities.resolveCellSize(window: window, csi16t: TerminalReplies.cellSize(in: answer)?.value,
                                                        csi14t: TerminalReplies.textAreaSize(in: answer)?.value)
        caps = caps.applying(cellSize: cell.size, source: cell.source)
        var choice = forced ?? caps.imageChoice
        if choice.0 == .sixel && caps.multiplexer == .tmux && wrapper == nil && forced == nil {
            choice = (.blocks, "tmux does not pass sixel through (set -g allow-passthrough on)")
        }
        let options = DisplayOptions(canvas: caps.preferredCanvas, images: choice.0, colors: caps.colorDepth,
                                     cellSize: caps.effectiveCellSize, cellSizeSource: caps.cellSizeSource,
                                     sixelRegisters: caps.effectiveSixelRegisters, unicode: caps.unicode)
        return Result(options: options, imageWrapper: wrapper, capabilities: caps, imageReason: choice.1,
                      tmuxPassthrough: passthrough)
    }

    /// The cell size after a resize: the kernel's window size in pixels when the terminal fills it in; else
    /// nil (the terminal layer then asks the terminal again, and its answer arrives among the keys).
    public static func cellSizeAfterResize() -> PixelSize? {
        TerminalProbe.windowSize()?.cellSize
    }
}

/// An environment setting the probe cannot use.
public struct DisplayProbeError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
