import XCTest
@testable import Render

final class ImageTests: XCTestCase {
    func testInitialiserValidatesShape() {
        XCTAssertThrowsError(try Image(width: 0, height: 3, channels: 1, pixels: [])) { error in
            XCTAssertEqual((error as? ImageError)?.description, "image size 0×3 must be positive")
        }
        XCTAssertThrowsError(try Image(width: 2, height: 2, channels: 2, pixels: Array(repeating: 0, count: 8))) { error in
            XCTAssertTrue("\(error)".contains("2 channels"))
        }
        XCTAssertThrowsError(try Image(width: 2, height: 2, channels: 3, pixels: [0, 1])) { error in
            XCTAssertTrue("\(error)".contains("needs 12 values, got 2"))
        }
        XCTAssertThrowsError(try Image(width: Int.max, height: 2, channels: 1, pixels: []))
    }

    func testPlanarToInterleaved() throws {
        let planar: [Float] = [1, 2, 3, 4, 10, 20, 30, 40, 100, 200, 300, 400]
        let image = try Image(planar: planar, channels: 3, height: 2, width: 2)
        XCTAssertEqual(image.pixels, [1, 10, 100, 2, 20, 200, 3, 30, 300, 4, 40, 400])
        XCTAssertEqual(try Image(planar: [0.5, 0.25], channels: 1, height: 1, width: 2).pixels, [0.5, 0.25])
        XCTAssertThrowsError(try Image(planar: [1, 2], channels: 3, height: 1, width: 1))
    }

    func testNearestScalingByIntegerFactorRepeatsPixels() throws {
        let image = try Image(width: 3, height: 2, channels: 1, pixels: [0, 0.5, 1, 0.25, 0.75, 0.125])
        let big = image.resized(width: 12, height: 8, filter: .nearest)
        for y in 0..<8 {
            for x in 0..<12 {
                XCTAssertEqual(big.pixels[y * 12 + x], image.pixels[(y / 4) * 3 + x / 4])
            }
        }
        // Downscaling by 2 takes one pixel of each 2×2 block (the one under the centre).
        let back = big.resized(width: 3, height: 2, filter: .nearest)
        XCTAssertEqual(back, image)
    }

    func testBilinearKeepsConstantsAndLinearRamps() throws {
        let flat = try Image(width: 5, height: 4, channels: 3, value: 0.3)
        XCTAssertTrue(flat.resized(width: 17, height: 9, filter: .bilinear).pixels.allSatisfy { abs($0 - 0.3) < 1e-6 })
        let ramp = try Image(width: 4, height: 1, channels: 1, pixels: [0, 1, 2, 3])
        let wide = ramp.resized(width: 8, height: 1, filter: .bilinear)
        // Output centres at source coordinates -0.25, 0.25, ..., 3.25, clamped to the edges.
        XCTAssertEqual(wide.pixels, [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3])
    }

    func testLuminanceAndClampedRGB() throws {
        let image = try Image(width: 2, height: 1, channels: 3, pixels: [1, 0, 0, -1, 2, .nan])
        XCTAssertEqual(image.luminance(x: 0, y: 0), 0.2126, accuracy: 1e-6)
        let c = image.rgb(x: 1, y: 0)
        XCTAssertEqual([c.0, c.1, c.2], [0, 1, 0])
    }
    func testHashReadsASampleButEqualityEveryPixel() throws {
        let n = 224 * 224
        var pixels = (0..<n).map { Float($0 % 251) / 251 }
        pixels[0] = 0
        let a = try Image(width: 224, height: 224, channels: 1, pixels: pixels)
        var negativeZero = pixels
        negativeZero[0] = -0.0
        let b = try Image(width: 224, height: 224, channels: 1, pixels: negativeZero)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.hashValue, b.hashValue)
        // A pixel the hash skips still makes the images differ, and a dictionary keeps both.
        var changed = pixels
        changed[1] += 0.5
        XCTAssertGreaterThan(n / Image.hashedPixels, 1)
        let c = try Image(width: 224, height: 224, channels: 1, pixels: changed)
        XCTAssertNotEqual(a, c)
        let table: [Image: Int] = [a: 1, c: 2]
        XCTAssertEqual(table[b], 1)
        XCTAssertEqual(table[c], 2)
        // The shape is part of the hash and of equality.
        let flat = try Image(width: 224 * 224, height: 1, channels: 1, pixels: pixels)
        XCTAssertNotEqual(a, flat)
    }
}
