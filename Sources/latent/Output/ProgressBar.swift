import Foundation
import Render

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
///
/// Call `update(done:)` as often as you like; it redraws at most ten times a second. `finish()` clears the line.
/// Without UTF-8 (`LANG=C`) the bar is drawn in ASCII (`#` and `.`).
final class ProgressBar {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private let unicode = TerminalCapabilities.fromEnvironment(ProcessInfo.processInfo.environment).unicode
    private var lastDraw = Date.distantPast
    private let start = Date()

    init(_ label: String, total: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = enabled
    }

    /// Redraws the bar for `done` of `total` units, with an optional suffix such as "KL 1.23".
    func update(done: Int, detail: String = "") {
        guard enabled else { return }
        let now = Date()
        guard done >= total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = String(format: "%.1fs", now.timeIntervalSince(start))
        let text = "\(label) \(bar) \(Int(fraction * 100))% \(elapsed) \(detail)"
        let line = "\r\u{1B}[2K" + (unicode ? text : ASCIIFallback.string(text))
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the bar's line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
