import Foundation

/// Paths of the committed test fixtures (written by tools/make_fixtures.py).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func tensor(_ name: String) -> URL { root.appendingPathComponent("tensors").appendingPathComponent(name) }
}
