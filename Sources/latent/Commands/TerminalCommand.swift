import ArgumentParser
import Foundation
import Render
import TerminalUI

/// `latent terminal`: what the terminal was found to support, one `key: value` line each.
struct TerminalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal",
        abstract: "Show what the terminal was found to support (images, cell size, colours).",
        discussion: """
        Keys: terminal (XTVERSION's NAME(VERSION) or unknown), images (kitty, sixel, blocks or ascii, with the \
        reason), cell (WxH px and where it came from: tiocgwinsz, csi16t, csi14t or assumed), colours, \
        sixel-registers (with sixel), unicode, tmux.
        """
    )

    @Option(help: "Report as if the explorer were started with --images: ascii, blocks, sixel or kitty.")
    var images: ImageFormat?

    func run() throws {
        try reportingErrors {
            let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
            guard tty >= 0, isatty(STDIN_FILENO) == 1 else {
                if tty >= 0 { close(tty) }
                throw ExploreError("no terminal to ask (standard input is not a terminal)")
            }
            close(tty)
            let probe: DisplayProbe.Result
            do { probe = try DisplayProbe.detect(forcedImages: images) } catch let e as DisplayProbeError {
                throw ExploreError(e.description)
            }
            print(probe.reportLines.joined(separator: "\n"))
        }
    }
}
