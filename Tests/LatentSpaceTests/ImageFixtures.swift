import Foundation

/// The image fixtures (`Tests/Fixtures/images/`, written by tools/make_image_fixtures.py).
enum ImageFixtures {
    static let folder = ShippedBundles.repository.appendingPathComponent("Tests/Fixtures/images")

    static func url(_ path: String) -> URL { folder.appendingPathComponent(path) }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("latent-images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
