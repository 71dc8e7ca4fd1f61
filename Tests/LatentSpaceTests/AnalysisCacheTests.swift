import Foundation
import XCTest
@testable import LatentSpace
import Tensors

final class AnalysisCacheTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func testStoresAndLoadsByKey() throws {
        let cache = AnalysisCache(directory: dir)
        let z = try Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        XCTAssertNil(cache.load(kind: "latents", key: "k1"))
        XCTAssertNil(cache.store(kind: "latents", key: "k1", arrays: ["z": z]))
        XCTAssertEqual(cache.load(kind: "latents", key: "k1"), ["z": z])
        XCTAssertNil(cache.load(kind: "latents", key: "k2"), "another key is another entry")
    }

    func testAnEntryWhoseStoredKeyDiffersOrIsCorruptIsIgnored() throws {
        let cache = AnalysisCache(directory: dir)
        let z = try Tensor(shape: [1], floats: [1])
        cache.store(kind: "latents", key: "real", arrays: ["z": z])
        // Copy the entry under another key's name: its stored key no longer matches.
        try FileManager.default.copyItem(at: cache.url(kind: "latents", key: "real")!, to: cache.url(kind: "latents", key: "fake")!)
        XCTAssertNil(cache.load(kind: "latents", key: "fake"))
        try Data("garbage".utf8).write(to: cache.url(kind: "latents", key: "real")!)
        XCTAssertNil(cache.load(kind: "latents", key: "real"))
    }

    func testUnwritableFolderIsReportedNotFatal() throws {
        try Data("a file where the folder should be".utf8).write(to: dir)
        let cache = AnalysisCache(directory: dir.appendingPathComponent("sub"))
        let reason = cache.store(kind: "latents", key: "k", arrays: ["z": try Tensor(shape: [1], floats: [1])])
        // The reason names the file in the way (Foundation alone said "NSCocoaErrorDomain error 512").
        XCTAssertEqual(reason, "cache folder \(dir.path)/sub cannot be created (\(dir.path) is not a folder)")
        XCTAssertNil(cache.load(kind: "latents", key: "k"))
        try FileManager.default.removeItem(at: dir)
    }

    func testLocationFollowsXDGAndHomeAndCanBeDisabled() {
        XCTAssertEqual(AnalysisCache(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory?.path, "/x/latent")
        XCTAssertEqual(AnalysisCache(environment: ["HOME": "/h"]).directory?.path, "/h/.cache/latent")
        XCTAssertNil(AnalysisCache(environment: ["HOME": "/h"], disabled: true).directory)
    }

    func testContentHashChangesWithAnyByteAndParameter() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let f = dir.appendingPathComponent("model.onnx")
        var bytes = Data((0..<1001).map { UInt8($0 % 251) })
        try bytes.write(to: f)
        let h1 = try ContentHash.of(files: [f], parameters: "p")
        XCTAssertEqual(h1.count, 32)
        XCTAssertEqual(try ContentHash.of(files: [f], parameters: "p"), h1)
        XCTAssertNotEqual(try ContentHash.of(files: [f], parameters: "q"), h1)
        for position in [0, 500, 1000] {
            var changed = bytes
            changed[position] ^= 1
            try changed.write(to: f)
            XCTAssertNotEqual(try ContentHash.of(files: [f], parameters: "p"), h1, "byte \(position)")
        }
        bytes.append(0)
        try bytes.write(to: f)
        XCTAssertNotEqual(try ContentHash.of(files: [f], parameters: "p"), h1, "length")
    }
}
