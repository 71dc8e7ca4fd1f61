import Foundation
import XCTest

/// `latent bench --only`: a measurement by its full name, and a name that matches nothing.
final class BenchCommandTests: XCTestCase {
    func testOnlyRunsTheNamedMeasurementAndReportsItsProduct() throws {
        let r = try LatentProcess.run(["bench", "--json", "--only", "gemm.square_1024", "--threads", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["name"] as? String }, ["gemm.square_1024"])
        XCTAssertEqual(rows.first?["product"] as? [Int], [1024, 1024, 1024, 0])
        XCTAssertGreaterThan(rows.first?["seconds"] as? Double ?? 0, 0)
    }

    func testAPrefixThatMatchesNothingIsAUsageError() throws {
        let r = try LatentProcess.run(["bench", "--only", "nosuch"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("no bench suite or measurement starts with 'nosuch'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("gemm"), r.stderr)
    }
}
