import Foundation
import XCTest

/// Golden text files under `Tests/Fixtures/render/golden/`.
///
/// A missing golden file is recorded and the test fails (so a new snapshot is never passed unseen); with
/// `RECORD_SNAPSHOTS=1` in the environment every golden file is re-recorded and the tests pass. To re-record
/// after an intended change: `RECORD_SNAPSHOTS=1 swift test --filter RenderTests`, then review `git diff`.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/render/golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// Compares `text` with the golden file `name`.txt (recording it when missing or when recording).
    static func assert(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = directory.appendingPathComponent(name + ".txt")
        let exists = FileManager.default.fileExists(atPath: url.path)
        if recording || !exists {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            } catch {
                XCTFail("cannot record \(url.path): \(error)", file: file, line: line)
                return
            }
            if !exists && !recording {
                XCTFail("recorded missing golden file \(name).txt; check it and run again", file: file, line: line)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("cannot read \(url.path)", file: file, line: line)
            return
        }
        if expected != text {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            XCTFail("""
                \(name).txt differs from the golden file at line \(first + 1) \
                (RECORD_SNAPSHOTS=1 re-records it)
                expected: \(first < e.count ? String(e[first]) : "<end>")
                actual:   \(first < a.count ? String(a[first]) : "<end>")
                """, file: file, line: line)
        }
    }

    /// A cell buffer as a golden text: the glyph lines, then a line per row mapping each cell's foreground
    /// to a letter from `legend` (`.` for the default colour, `?` for a colour not in the legend).
    static func text(_ lines: [String], colors: [String]? = nil) -> String {
        var out = lines.joined(separator: "\n") + "\n"
        if let colors {
            out += "-- colours --\n" + colors.joined(separator: "\n") + "\n"
        }
        return out
    }
}

/// A small deterministic generator for test data (same numbers on every platform).
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// Approximately standard normal (sum of 12 uniforms minus 6).
    mutating func normal() -> Double {
        var s = 0.0
        for _ in 0..<12 { s += unit() }
        return s - 6
    }
}
