import XCTest
@testable import Tensors

final class TensorTests: XCTestCase {
    func testShapeMustMatchStorage() {
        XCTAssertThrowsError(try Tensor(shape: [2, 2], floats: [1, 2, 3]))
        XCTAssertThrowsError(try Tensor(shape: [-1], floats: []))
        XCTAssertThrowsError(try Tensor.zeros([Int.max, 2]))
        XCTAssertNil(Tensor.elementCount([1 << 40, 1 << 40]))
    }

    func testConversions() throws {
        let t = try Tensor(shape: [3], bools: [true, false, true])
        XCTAssertEqual(t.toFloat32().floats, [1, 0, 1])
        XCTAssertEqual(try Tensor(shape: [2], floats: [2.7, -2.7]).int64Values(), [2, -2])
        XCTAssertEqual(try Tensor(shape: [2], floats: [.nan, .infinity]).int64Values(), [0, 0])
        XCTAssertEqual(try Tensor(shape: [2, 3], bytes: [1, 2, 3, 4, 5, 6]).reshaped([3, 2]).shape, [3, 2])
        XCTAssertThrowsError(try Tensor(shape: [2, 3], bytes: [1, 2, 3, 4, 5, 6]).reshaped([4, 2]))
    }
}
