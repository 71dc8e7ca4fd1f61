import Foundation
import XCTest
@testable import Tensors

/// Inputs the fuzz targets (tools/fuzz) found crashing, hanging or allocating without bound: each must now
/// throw a `TensorIOError` naming the file, quickly.
final class FuzzRegressionTests: XCTestCase {
    private func fixtures(_ target: String) throws -> [URL] {
        let dir = Fixtures.root.appendingPathComponent("fuzz").appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
    }

    func testNPZFuzzFindingsThrowUserInputErrors() throws {
        let files = try fixtures("npz")
        XCTAssertGreaterThanOrEqual(files.count, 4)
        for url in files {
            let start = Date()
            XCTAssertThrowsError(try NPZ.read(url), url.lastPathComponent) { error in
                guard let e = error as? TensorIOError else { return XCTFail("\(url.lastPathComponent): \(error)") }
                XCTAssertTrue(e.file.hasPrefix(url.path), e.description)
                XCTAssertTrue(e.reason.contains("corrupt zip"), e.description)
                XCTAssertFalse(e.description.contains("\n"), "one line: \(e.description)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 5, "\(url.lastPathComponent) must not hang")
        }
    }

    func testNPZDeclaredSizesAreCheckedAgainstTheBytesPresent() throws {
        let dir = Fixtures.root.appendingPathComponent("fuzz/npz")
        XCTAssertThrowsError(try NPZ.read(dir.appendingPathComponent("declared-1gib-member.npz"))) { error in
            XCTAssertTrue("\(error)".contains("declares 1073741824 bytes"), "\(error)")
        }
        XCTAssertThrowsError(try NPZ.read(dir.appendingPathComponent("entry-count-beyond-directory.npz"))) { error in
            XCTAssertTrue("\(error)".contains("65534 entries cannot fit"), "\(error)")
        }
    }
}
