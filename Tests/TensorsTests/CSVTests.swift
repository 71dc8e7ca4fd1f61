import XCTest
@testable import Tensors

final class CSVTests: XCTestCase {
    func testHeaderRowIsSkippedAndValuesParsed() throws {
        let t = try CSV.readMatrix(Fixtures.tensor("matrix_header.csv"))
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.floats, [1, 2, 3, 4.5, -6, 0.7])
    }

    func testPlainMatrix() throws {
        let t = try CSV.readMatrix(Fixtures.tensor("matrix_plain.csv"))
        XCTAssertEqual(t.shape, [3, 2])
        XCTAssertEqual(t.floats, [1, 2, 3, 4, 5, 6])
    }

    func testRaggedRowsAndTextAreErrors() {
        XCTAssertThrowsError(try CSV.readMatrix(Fixtures.tensor("matrix_ragged.csv"))) { error in
            XCTAssertTrue("\(error)".contains("line 2 has 1 fields, expected 2"), "\(error)")
        }
        XCTAssertThrowsError(try CSV.parseMatrix("1,2\n3,x\n", file: "m.csv")) { error in
            XCTAssertEqual("\(error)", "m.csv: line 2: 'x' is not a number")
        }
        XCTAssertThrowsError(try CSV.parseMatrix("", file: "e.csv"))
    }
}
