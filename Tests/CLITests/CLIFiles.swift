import Foundation
import XCTest

/// Small file helpers for the command tests: temporary folders and the float32 `.npy` files `latent` writes.
enum CLIFiles {
    /// A new empty temporary folder.
    static func temporaryFolder(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The shape and values of a little-endian float32 `.npy` file.
    static func readFloats(_ url: URL) throws -> (shape: [Int], values: [Float]) {
        let data = try Data(contentsOf: url)
        guard data.count > 10, data.starts(with: [0x93] + Array("NUMPY".utf8)) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.contains("'<f4'"), header)
        let shapeText = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = Data(data[(10 + headerLength)...])
        let values = body.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return (shape, values)
    }

    /// The regular files in a folder and below it (relative paths, sorted); empty when it does not exist.
    static func files(under url: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [String] = []
        for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            found.append(String(file.path.dropFirst(url.path.count + 1)))
        }
        return found.sorted()
    }

    /// The CSV rows of text (header included), split at commas (fields here hold no quoted commas).
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}
