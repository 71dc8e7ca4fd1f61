import CNcurses
import Foundation
import Render

/// Asks the terminal about itself before curses starts: sends queries on the controlling terminal and
/// collects the raw answers for the pure parsers in `Render.TerminalReplies`; reads the kernel's window size.
public enum TerminalProbe {
    /// The window size of the controlling terminal (`TIOCGWINSZ` on standard output, else standard input, else
    /// `/dev/tty`), or nil when there is none.
    public static func windowSize() -> WindowSize? {
        if let size = windowSize(fd: STDOUT_FILENO) ?? windowSize(fd: STDIN_FILENO) { return size }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return windowSize(fd: fd)
    }

    /// The window size of the terminal on `fd`, or nil when `fd` is no terminal.
    static func windowSize(fd: Int32) -> WindowSize? {
        var cols: Int32 = 0, rows: Int32 = 0, xpixel: Int32 = 0, ypixel: Int32 = 0
        guard latent_window_size(fd, &cols, &rows, &xpixel, &ypixel) == 0 else { return nil }
        return WindowSize(columns: Int(cols), rows: Int(rows), pixelWidth: Int(xpixel), pixelHeight: Int(ypixel))
    }

    /// Sends `queries` to /dev/tty and returns what came back within `timeout` seconds (empty when the
    /// terminal never answers, or there is no terminal). Stops early once `isComplete` says the answers are in.
    public static func ask(_ queries: [String], timeout: TimeInterval = 0.25,
                           isComplete: ([UInt8]) -> Bool = { _ in false }) -> [UInt8] {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return [] }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return [] }
        defer { tcsetattr(fd, TCSANOW, &saved) }

        let bytes = Array(queries.joined().utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var answer: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 256)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&pfd, 1, remaining) > 0 else { break }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            answer += buffer[0..<n]
            if isComplete(answer) { break }
        }
        return answer
    }

    /// Whether tmux lets escape sequences through to the outer terminal (`allow-passthrough on`).
    public static func tmuxAllowsPassthrough() -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "show-options", "-gv", "allow-passthrough"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let value = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && (value == "on" || value == "all")
    }

    /// Wraps an escape sequence for tmux passthrough (`ESC P tmux; … ESC \`, inner escapes doubled).
    public static func tmuxPassthrough(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array("\u{1B}Ptmux;".utf8)
        out.reserveCapacity(bytes.count + 16)
        for b in bytes {
            if b == 0x1B { out.append(0x1B) }
            out.append(b)
        }
        out += Array("\u{1B}\\".utf8)
        return out
    }
}
