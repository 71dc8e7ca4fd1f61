import Foundation
import XCTest
@testable import Tensors

final class NPYTests: XCTestCase {
    /// The pattern tools/make_fixtures.py writes into every dtype fixture (`reference_values`).
    private func referenceStorage(_ code: String, count n: Int) -> TensorStorage {
        let k = (0..<n)
        switch code {
        case "f4":
            var v = k.map { Float($0) * 0.25 - 1.5 }
            if n > 3 { v[3] = -0.0 }
            return .float32(v)
        case "f8":
            var v = k.map { Double($0) * 0.25 - 1.5 }
            if n > 3 { v[3] = -0.0 }
            return .float64(v)
        case "b1": return .bool(k.map { $0 % 3 == 0 })
        case "u1": return .uint8(k.map { UInt8($0 * 37 % 256) })
        case "i4": return .int32(k.map { Int32($0 * 1000003 - 7) })
        default: return .int64(k.map { Int64($0 * 1000003 - 7) })
        }
    }

    private func bitPatterns(_ s: TensorStorage) -> [UInt64] {
        switch s {
        case .float32(let a): return a.map { UInt64($0.bitPattern) }
        case .float64(let a): return a.map { $0.bitPattern }
        default: return []
        }
    }

    func testNumpyWrittenFixturesReadBitExactlyForEveryDType() throws {
        for code in ["f4", "f8", "i8", "i4", "u1", "b1"] {
            let t = try NPY.read(Fixtures.tensor("dtype_\(code).npy"))
            XCTAssertEqual(t.shape, [3, 4], code)
            let expected = referenceStorage(code, count: 12)
            XCTAssertEqual(t.storage, expected, code)
            XCTAssertEqual(bitPatterns(t.storage), bitPatterns(expected), "\(code): -0.0 must keep its sign bit")
        }
    }

    func testRoundTripEveryDTypeThroughEncodeAndDecode() throws {
        for code in ["f4", "f8", "i8", "i4", "u1", "b1"] {
            for shape in [[], [0], [5], [2, 3, 4]] {
                let n = shape.reduce(1, *)
                let t = try Tensor(shape: shape, storage: referenceStorage(code, count: n))
                let back = try NPY.decode(NPY.encode(t), file: "memory")
                XCTAssertEqual(back, t, "\(code) \(shape)")
            }
        }
    }

    func testWrittenHeaderIsAlignedAndNumpyCompatible() throws {
        let data = NPY.encode(try Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0, "numpy aligns the data to 64 bytes")
        let text = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        XCTAssertTrue(text.hasSuffix("\n"))
    }

    func testVersion2And3HeadersRead() throws {
        for name in ["v2_f4.npy", "v3_f4.npy"] {
            let t = try NPY.read(Fixtures.tensor(name))
            XCTAssertEqual(t.shape, [2, 3], name)
            XCTAssertEqual(t.storage, referenceStorage("f4", count: 6), name)
        }
    }

    func testFortranOrderIsReorderedToRowMajor() throws {
        let c = try NPY.read(Fixtures.tensor("rank3_i4.npy"))
        let f = try NPY.read(Fixtures.tensor("fortran_i4.npy"))
        XCTAssertEqual(f.shape, [2, 3, 4])
        XCTAssertEqual(f, c)
    }

    func testBigEndianScalarAndEmptyArrays() throws {
        let big = try NPY.read(Fixtures.tensor("bigendian_f4.npy"))
        XCTAssertEqual(big.storage, referenceStorage("f4", count: 12))
        let scalar = try NPY.read(Fixtures.tensor("scalar_f8.npy"))
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.doubles, [2.5])
        let empty = try NPY.read(Fixtures.tensor("empty_f4.npy"))
        XCTAssertEqual(empty.shape, [0, 5])
        XCTAssertEqual(empty.count, 0)
    }

    func testBrokenFilesGiveErrorsNamingTheFileAndProblem() {
        let cases: [(String, String)] = [
            ("bad_magic.npy", "not a numpy .npy file"),
            ("truncated_header.npy", "truncated NPY header"),
            ("truncated_data.npy", "header says shape [3, 4]"),
            ("extra_data.npy", "but the file holds 52 data bytes"),
            ("empty.npy", "empty file"),
            ("unsupported_dtype.npy", "unsupported dtype '<c8'"),
            ("absurd_shape.npy", "more elements than can be addressed"),
            ("not_a_tuple_shape.npy", "is not a tuple"),
            ("does_not_exist.npy", "no such file"),
        ]
        for (name, expected) in cases {
            let url = Fixtures.tensor(name)
            XCTAssertThrowsError(try NPY.read(url), name) { error in
                guard let e = error as? TensorIOError else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(e.file, url.path, name)
                XCTAssertTrue(e.reason.contains(expected), "\(name): '\(e.reason)' should mention '\(expected)'")
                XCTAssertFalse(e.description.contains("\n"), "one line")
            }
        }
    }

    func testTruncationAtEveryLengthNeverCrashes() throws {
        let good = try Data(contentsOf: Fixtures.tensor("rank3_i4.npy"))
        for length in 0..<good.count {
            XCTAssertThrowsError(try NPY.decode(good.prefix(length), file: "cut"), "length \(length)")
        }
    }

    func testWriteIsAtomicAndReadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("a.npy")
        let t = try Tensor(shape: [2, 2], int64s: [1, -2, 3, Int64.max])
        try NPY.write(t, to: url)
        XCTAssertEqual(try NPY.read(url), t)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.npy"], "no temporary file left")
    }
}
