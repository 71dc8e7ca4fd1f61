import Foundation
import XCTest
@testable import Tensors

/// The zip reader under `NPZ.read` on archives that numpy did not write, and on damaged directories.
final class ZipReaderTests: XCTestCase {
    private func zipFixture(_ name: String) -> URL {
        Fixtures.root.appendingPathComponent("zip").appendingPathComponent(name)
    }

    func testInfoZipArchivesStoredDeflatedAndStreamedLoad() throws {
        for name in ["zip-stored.npz", "zip-deflated.npz", "zip-streamed.npz"] {
            let arrays = try NPZ.read(zipFixture(name))
            XCTAssertEqual(arrays["x"]?.shape, [6, 10], name)
            XCTAssertEqual(arrays["x"]?.bytes, (0..<60).map { UInt8($0 * 7 % 256) }, name)
            XCTAssertEqual(arrays["y"]?.int64s, [0, 1, 2, 3, 4, 5], name)
        }
    }

    func testEveryTruncationOfAnArchiveThrows() throws {
        let data = try Data(contentsOf: zipFixture("zip-deflated.npz"))
        for length in 0..<data.count {
            XCTAssertThrowsError(try ZipReader(data.prefix(length), file: "cut.npz").members.map {
                try ZipReader(data.prefix(length), file: "cut.npz").extract($0)
            }, "cut at \(length)")
        }
    }

    func testEveryCorruptedByteEitherLoadsOrThrows() throws {
        // Flipping any single byte must never trap; the CRC catches changed data.
        let data = try Data(contentsOf: zipFixture("zip-stored.npz"))
        var loaded = 0
        for i in 0..<data.count {
            var bytes = data
            bytes[i] ^= 0xFF
            if let reader = try? ZipReader(bytes, file: "flip.npz"),
               (try? reader.members.map { try reader.extract($0) }) != nil { loaded += 1 }
        }
        XCTAssertLessThan(loaded, data.count / 2, "most flips must be detected")
    }
}
