import XCTest
@testable import Render

final class ColorTests: XCTestCase {
    func testXTermPaletteValues() {
        XCTAssertTrue(XTermPalette.rgb(of: 16) == (0, 0, 0))
        XCTAssertTrue(XTermPalette.rgb(of: 196) == (255, 0, 0))
        XCTAssertTrue(XTermPalette.rgb(of: 231) == (255, 255, 255))
        XCTAssertTrue(XTermPalette.rgb(of: 232) == (8, 8, 8))
        XCTAssertTrue(XTermPalette.rgb(of: 255) == (238, 238, 238))
        XCTAssertTrue(XTermPalette.rgb(of: 9) == (255, 0, 0))
    }

    func testNearest256MapsPaletteEntriesToThemselves() {
        for i in 16...255 {
            let c = XTermPalette.rgb(of: UInt8(i))
            let n = XTermPalette.nearest256(c.r, c.g, c.b)
            XCTAssertEqual(XTermPalette.rgb(of: n).r, c.r, "entry \(i)")
            XCTAssertTrue(XTermPalette.rgb(of: n) == c, "entry \(i) → \(n)")
        }
    }

    /// The fast lookup agrees with a brute-force search over entries 16–255 (same distance).
    func testNearest256IsNearest() {
        var rng = TestRandom(seed: 1)
        for _ in 0..<2000 {
            let r = UInt8(rng.int(0..<256)), g = UInt8(rng.int(0..<256)), b = UInt8(rng.int(0..<256))
            let fast = XTermPalette.nearest256(r, g, b)
            let best = (16...255).map { XTermPalette.distance((r, g, b), XTermPalette.rgb(of: UInt8($0))) }.min()!
            XCTAssertEqual(XTermPalette.distance((r, g, b), XTermPalette.rgb(of: fast)), best, "(\(r),\(g),\(b))")
        }
    }

    func testDowngrade() {
        XCTAssertEqual(Color.rgb(255, 0, 0).downgraded(to: .truecolor), .rgb(255, 0, 0))
        XCTAssertEqual(Color.rgb(255, 0, 0).downgraded(to: .indexed256), .indexed(196))
        XCTAssertEqual(Color.rgb(250, 5, 5).downgraded(to: .ansi16), .indexed(9))
        XCTAssertEqual(Color.rgb(200, 0, 0).downgraded(to: .ansi8), .indexed(1))
        XCTAssertEqual(Color.indexed(12).downgraded(to: .ansi8), .indexed(4))
        XCTAssertEqual(Color.indexed(196).downgraded(to: .ansi16), .indexed(9))
        XCTAssertEqual(Color.indexed(5).downgraded(to: .ansi16), .indexed(5))
        XCTAssertEqual(Color.indexed(5).downgraded(to: .mono), .default)
        XCTAssertEqual(Color.default.downgraded(to: .ansi8), .default)
    }

    func testUnitConversionClampsAndRounds() {
        XCTAssertEqual(Color.rgb(unit: -1, 0.5, 2), .rgb(0, 128, 255))
        XCTAssertEqual(Color.grey(unit: .nan), .rgb(0, 0, 0))
        // Rounded from the exact value: Float(0.9) × 255 is 229.49999…, not 229.5.
        XCTAssertEqual(unitToByte(0.9), 229)
        XCTAssertEqual(unitToByte(0.5), 128)
    }
}
