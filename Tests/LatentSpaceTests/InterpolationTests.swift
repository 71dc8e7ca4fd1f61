import XCTest
@testable import LatentSpace

final class InterpolationTests: XCTestCase {
    private func norm(_ v: [Float]) -> Float { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    func testSlerpOfOrthogonalUnitVectorsStaysOnTheSphere() {
        let a: [Float] = [1, 0, 0, 0]
        let b: [Float] = [0, 0, 1, 0]
        let path = Interpolation.spherical.path(from: a, to: b, steps: 9)
        XCTAssertEqual(path.count, 9)
        for z in path { XCTAssertEqual(norm(z), 1, accuracy: 1e-5) }
        XCTAssertEqual(path.first, a)
        for (x, y) in zip(path.last!, b) { XCTAssertEqual(x, y, accuracy: 1e-6) }
        // Halfway along the great circle the two directions weigh the same.
        XCTAssertEqual(path[4][0], path[4][2], accuracy: 1e-6)
        XCTAssertEqual(path[4][0], Float(0.5).squareRoot(), accuracy: 1e-5)
    }

    func testLinearMidpointAndEndpoints() {
        let path = Interpolation.linear.path(from: [0, 2], to: [4, -2], steps: 3)
        XCTAssertEqual(path, [[0, 2], [2, 0], [4, -2]])
        XCTAssertEqual(Interpolation.linear.path(from: [1], to: [2], steps: 1), [[1]])
    }

    func testSlerpFallsBackToLinearForParallelOrZeroVectors() {
        let parallel = Interpolation.spherical.path(from: [1, 1], to: [2, 2], steps: 3)
        XCTAssertEqual(parallel[1], [1.5, 1.5])
        let zero = Interpolation.spherical.path(from: [0, 0], to: [2, 2], steps: 3)
        XCTAssertEqual(zero[1], [1, 1])
        XCTAssertTrue(Interpolation.spherical.path(from: [1, 0], to: [-1, 0], steps: 5).allSatisfy { $0.allSatisfy(\.isFinite) })
    }
}
