import Foundation
import XCTest
@testable import Tensors

final class NPYFloatsTests: XCTestCase {
    func testFloat32FileIsReadInPlaceWithTheSameValuesAsNPYRead() throws {
        for name in ["dtype_f4.npy", "v2_f4.npy", "v3_f4.npy", "empty_f4.npy"] {
            let url = Fixtures.tensor(name)
            let floats = try NPYFloats(url)
            let tensor = try NPY.read(url)
            XCTAssertTrue(floats.isInPlace, name)
            XCTAssertEqual(floats.shape, tensor.shape, name)
            XCTAssertEqual(floats.dtype, .float32, name)
            XCTAssertEqual(floats.array().map(\.bitPattern), tensor.floatValues().map(\.bitPattern), name)
            XCTAssertEqual(floats.count, tensor.count, name)
        }
    }

    func testOtherLayoutsAreConvertedLikeNPYRead() throws {
        for name in ["dtype_f8.npy", "dtype_i8.npy", "dtype_i4.npy", "dtype_u1.npy", "bigendian_f4.npy",
                     "fortran_i4.npy", "rank3_i4.npy", "scalar_f8.npy"] {
            let url = Fixtures.tensor(name)
            let floats = try NPYFloats(url)
            let tensor = try NPY.read(url)
            XCTAssertFalse(floats.isInPlace, name)
            XCTAssertEqual(floats.shape, tensor.shape, name)
            XCTAssertEqual(floats.dtype, tensor.dtype, name)
            XCTAssertEqual(floats.array(), tensor.floatValues(), name)
            floats.withUnsafeBufferPointer { XCTAssertEqual(Array($0), tensor.floatValues(), name) }
        }
    }

    func testAWrittenMatrixReadsBackInPlaceAfterItsWriterIsGone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npyfloats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("m.npy")
        let values = (0..<(300 * 7)).map { Float($0) * 0.5 - 17 }
        try NPY.write(Tensor(shape: [300, 7], floats: values), to: url)
        let floats = try NPYFloats(url)
        try FileManager.default.removeItem(at: url)  // the mapping keeps the pages
        XCTAssertTrue(floats.isInPlace)
        XCTAssertEqual(floats.shape, [300, 7])
        XCTAssertEqual(floats.withUnsafeBufferPointer { $0.reduce(0, +) }, values.reduce(0, +))
        XCTAssertEqual(floats.array(), values)
    }

    func testBrokenFilesGiveTheSameErrorsAsNPYRead() throws {
        for name in ["bad_magic.npy", "truncated_header.npy", "truncated_data.npy", "extra_data.npy", "empty.npy",
                     "unsupported_dtype.npy", "absurd_shape.npy", "does_not_exist.npy"] {
            let url = Fixtures.tensor(name)
            var expected: TensorIOError?
            XCTAssertThrowsError(try NPY.read(url)) { expected = $0 as? TensorIOError }
            XCTAssertThrowsError(try NPYFloats(url), name) { error in
                XCTAssertEqual(error as? TensorIOError, expected, name)
            }
        }
        XCTAssertThrowsError(try NPYFloats(Fixtures.root)) { error in
            XCTAssertEqual((error as? TensorIOError)?.reason, "is a directory, expected a file")
        }
    }
}

final class FiniteCheckTests: XCTestCase {
    func testFindsTheFirstNonFiniteValueWhereverItIs() {
        let count = 1024 * 3 + 13  // several blocks and a tail shorter than one SIMD step
        for bad in [Float.nan, .infinity, -.infinity] {
            for index in [0, 7, 8, 1023, 1024, 2047, 3000, count - 1] {
                var values = (0..<count).map { Float($0) - 1000 }
                values[index] = bad
                if index + 5 < count { values[index + 5] = .nan }  // a later one is not reported
                XCTAssertEqual(values.withUnsafeBufferPointer(FiniteCheck.firstNonFinite), index, "\(bad) at \(index)")
            }
        }
    }

    func testFiniteValuesIncludingExtremesPass() {
        let values: [Float] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0]
            + [Float](repeating: 3e38, count: 100)
        XCTAssertNil(values.withUnsafeBufferPointer(FiniteCheck.firstNonFinite))
        XCTAssertNil([Float]().withUnsafeBufferPointer(FiniteCheck.firstNonFinite))
    }
}

final class FiniteCheckThreadsTests: XCTestCase {
    func testSplitScanFindsTheSameFirstIndexAsOneThread() {
        let count = (1 << 21) + 5  // two parts of over 2^20 values
        var values = [Float](repeating: 0.5, count: count)
        for index in [3, count / 2 - 1, count / 2, count / 2 + 1, count - 1] {
            values[index] = .nan
            values[count - 1] = .infinity
            let one = values.withUnsafeBufferPointer { FiniteCheck.firstNonFinite($0) }
            let two = values.withUnsafeBufferPointer { FiniteCheck.firstNonFinite($0, threads: 2) }
            XCTAssertEqual(one, index)
            XCTAssertEqual(two, index, "first of a NaN at \(index) and an infinity at the end")
            values[index] = 0.5
        }
        values[count - 1] = 0.5
        XCTAssertNil(values.withUnsafeBufferPointer { FiniteCheck.firstNonFinite($0, threads: 2) })
    }
}
