import Foundation
import XCTest
import Render

/// Compares screens with golden text files under Tests/Fixtures/explorer/golden/.
///
/// A missing golden file is recorded when `RECORD_SNAPSHOTS=1` is set (and the test fails otherwise, so a
/// forgotten file cannot pass silently). To re-record after an intended change, delete the files and run
/// `RECORD_SNAPSHOTS=1 swift test --filter ExplorerTests`, then review the diff.
enum GoldenScreen {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/explorer/golden")

    static func assertMatches(_ buffer: CellBuffer, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = buffer.textLines().joined(separator: "\n") + "\n"
        let url = folder.appendingPathComponent(name + ".txt")
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
                try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try? text.write(to: url, atomically: true, encoding: .utf8)
                return
            }
            XCTFail("no golden screen \(url.lastPathComponent); record it with RECORD_SNAPSHOTS=1", file: file, line: line)
            return
        }
        if expected != text {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let t = text.split(separator: "\n", omittingEmptySubsequences: false)
            let row = (0..<min(e.count, t.count)).first { e[$0] != t[$0] } ?? min(e.count, t.count)
            XCTFail("screen \(name) differs from its golden file at row \(row):\nexpected: \(row < e.count ? e[row] : "")\nactual:   \(row < t.count ? t[row] : "")",
                    file: file, line: line)
        }
    }
}
