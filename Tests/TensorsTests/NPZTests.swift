import Foundation
import XCTest
@testable import Tensors

final class NPZTests: XCTestCase {
    func testNumpySavezAndSavezCompressedLoad() throws {
        for name in ["stored.npz", "deflated.npz"] {
            let arrays = try NPZ.read(Fixtures.tensor(name))
            XCTAssertEqual(Set(arrays.keys), ["x", "y"], name)
            XCTAssertEqual(arrays["x"]?.shape, [5, 1, 2, 2])
            XCTAssertEqual(arrays["x"]?.bytes, (0..<20).map { UInt8($0 * 37 % 256) })
            XCTAssertEqual(arrays["y"]?.int64s, [0, 1, 2, 3, 4])
            XCTAssertEqual(try NPZ.read(Fixtures.tensor(name), array: "y"), arrays["y"])
        }
        XCTAssertEqual(try NPZ.names(Fixtures.tensor("stored.npz")), ["x", "y"])
    }

    func testRoundTripStoredAndDeflatedForEveryDType() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let arrays: [String: Tensor] = [
            "f4": try Tensor(shape: [2, 3], floats: [0, 1.5, -2, .infinity, 3, 4]),
            "f8": try Tensor(shape: [1], doubles: [.pi]),
            "i8": try Tensor(shape: [3], int64s: [.min, 0, .max]),
            "i4": try Tensor(shape: [2], int32s: [.min, .max]),
            "u1": try Tensor(shape: [4, 1], bytes: [0, 1, 254, 255]),
            "b1": try Tensor(shape: [2], bools: [true, false]),
            "big": try Tensor(shape: [1000, 10], floats: (0..<10_000).map { Float($0 % 17) }),
        ]
        for compressed in [false, true] {
            let url = dir.appendingPathComponent("a\(compressed).npz")
            try NPZ.write(arrays, to: url, compressed: compressed)
            XCTAssertEqual(try NPZ.read(url), arrays, "compressed: \(compressed)")
        }
        let stored = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("afalse.npz").path)[.size] as! Int
        let deflated = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("atrue.npz").path)[.size] as! Int
        XCTAssertLessThan(deflated, stored / 2, "repetitive data must actually be deflated")
    }

    func testBrokenArchivesGiveClearErrors() {
        let cases: [(String, String?, String)] = [
            ("corrupt.npz", nil, "corrupt zip"),
            ("not_zip.npz", nil, "not a numpy .npz archive"),
            ("stored.npz", "pixels", "no array named 'pixels' (it holds: x, y)"),
            ("missing.npz", nil, "no such file"),
        ]
        for (name, member, expected) in cases {
            let url = Fixtures.tensor(name)
            XCTAssertThrowsError(try {
                if let member { _ = try NPZ.read(url, array: member) } else { _ = try NPZ.read(url) }
            }(), name) { error in
                guard let e = error as? TensorIOError else { return XCTFail("\(name): \(error)") }
                XCTAssertTrue(e.file.hasPrefix(url.path), name)
                XCTAssertTrue(e.reason.contains(expected), "\(name): '\(e.reason)' should mention '\(expected)'")
            }
        }
    }
}
