import Foundation

/// Paths of the committed bundle fixtures (written by tools/make_fixtures.py).
enum BundleFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("bundles")

    static func url(_ name: String) -> URL { root.appendingPathComponent(name) }
}
