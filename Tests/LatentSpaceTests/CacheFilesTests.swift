import Foundation
import XCTest
@testable import LatentSpace
import Tensors

/// The cache's files: the entry format, and the remembered hashes of unchanged input files.
final class CacheFilesTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cache-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    // MARK: - Entries

    func testAnEntryRoundTripsEveryStoredType() throws {
        let arrays: [String: Tensor] = [
            "codes": try Tensor(shape: [3, 2], floats: [1, -2, .pi, 0, -0.0, 1e-30]),
            "doubles": try Tensor(shape: [2], doubles: [1.5, -1e300]),
            "ids": try Tensor(shape: [2, 1], int64s: [Int64.min, 7]),
            "small": try Tensor(shape: [1], int32s: [-3]),
            "bytes": try Tensor(shape: [4], bytes: [0, 1, 254, 255]),
            "empty": try Tensor(shape: [0, 2], floats: []),
        ]
        let data = try CacheEntry.encode(key: "k", arrays: arrays)
        XCTAssertEqual(CacheEntry.decode(data, key: "k"), arrays)
        XCTAssertNil(CacheEntry.decode(data, key: "other"), "another key")
        // A slice that does not start at index 0 decodes the same.
        XCTAssertEqual(CacheEntry.decode(Data([9]) + data, key: "k"), nil)
        XCTAssertEqual(CacheEntry.decode((Data([9]) + data).dropFirst(), key: "k"), arrays)
    }

    func testEveryDamagedEntryIsNoEntry() throws {
        let data = try CacheEntry.encode(key: "k", arrays: ["codes": try Tensor(shape: [64, 4], floats: (0..<256).map(Float.init))])
        let payloadStart = data.count - 256 * 4
        var damaged: [(String, Data)] = [("empty", Data()), ("magic only", Data("LATCACHE".utf8)),
                                         ("truncated", data.dropLast(1)), ("extra byte", data + Data([0]))]
        let headerStart = CacheEntry.prefixLength
        for position in [0, 9, 13, 20, headerStart, headerStart + 12, headerStart + 40, payloadStart, payloadStart + 500,
                         data.count - 1] {
            var d = data
            d[position] ^= 0x10
            damaged.append(("byte \(position) flipped", d))
        }
        for (what, bytes) in damaged {
            XCTAssertNil(CacheEntry.decode(bytes, key: "k"), what)
        }
    }

    // MARK: - Remembered file hashes

    private func memos(_ cache: AnalysisCache) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: cache.directory!, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "hash" }
    }

    func testTheHashOfSettledFilesIsRememberedUntilAFileChanges() throws {
        let cache = AnalysisCache(directory: dir.appendingPathComponent("cache"))
        let a = dir.appendingPathComponent("a.onnx"), b = dir.appendingPathComponent("b.npz")
        try Data((0..<5000).map { UInt8($0 % 251) }).write(to: a)
        try Data("data".utf8).write(to: b)
        let later = Date().addingTimeInterval(10)
        let direct = try ContentHash.of(files: [a, b], parameters: "")

        // Files written just now are hashed, not remembered.
        XCTAssertEqual(try cache.contentHash(of: [a, b]), direct)
        XCTAssertEqual(memos(cache), [])
        // Once they have settled, the hash is remembered and read back.
        XCTAssertEqual(try cache.contentHash(of: [a, b], now: later), direct)
        let memo = try XCTUnwrap(memos(cache).first)
        try Data(String(repeating: "0", count: 32).utf8).write(to: memo)
        XCTAssertEqual(try cache.contentHash(of: [a, b], now: later), String(repeating: "0", count: 32),
                       "the remembered hash is used (here a planted one)")
        // Not for another order of the same files, nor with caching off.
        XCTAssertEqual(try cache.contentHash(of: [b, a], now: later), try ContentHash.of(files: [b, a], parameters: ""))
        XCTAssertEqual(try AnalysisCache(directory: nil).contentHash(of: [a, b]), direct)

        // Any write changes the fingerprint: the contents are hashed again.
        var bytes = try Data(contentsOf: a)
        bytes[10] ^= 1
        let handle = try FileHandle(forWritingTo: a)
        try handle.seek(toOffset: 10)
        try handle.write(contentsOf: Data([bytes[10]]))
        try handle.close()
        let changed = try ContentHash.of(files: [a, b], parameters: "")
        XCTAssertNotEqual(changed, direct)
        XCTAssertEqual(try cache.contentHash(of: [a, b], now: later.addingTimeInterval(10)), changed)
    }

    func testAFingerprintChangesWithEveryKindOfWrite() throws {
        let f = dir.appendingPathComponent("model.onnx")
        try Data(repeating: 7, count: 100).write(to: f)
        let first = try XCTUnwrap(FileFingerprint(f))
        XCTAssertEqual(FileFingerprint(f), first, "reading nothing changes nothing")
        XCTAssertFalse(first.isSettled(), "just written")
        XCTAssertTrue(first.isSettled(now: Date().addingTimeInterval(3)))

        // Same size and contents rewritten in place, with the modification time put back: the status-change
        // time still moves.
        Thread.sleep(forTimeInterval: 0.02)
        let handle = try FileHandle(forWritingTo: f)
        try handle.write(contentsOf: Data(repeating: 7, count: 100))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: first.modified)], ofItemAtPath: f.path)
        let rewritten = try XCTUnwrap(FileFingerprint(f))
        XCTAssertEqual(rewritten.size, first.size)
        XCTAssertNotEqual(rewritten, first)

        // Replaced by a new file (a rename, as atomic writes do): the inode moves.
        try Data(repeating: 7, count: 100).write(to: f, options: .atomic)
        XCTAssertNotEqual(FileFingerprint(f)?.inode, rewritten.inode)
        XCTAssertNil(FileFingerprint(dir.appendingPathComponent("missing")))
    }
}
