import Foundation
import Tensors
import XCTest
@testable import LatentSpace

/// Every PNG colour type and bit depth, and JPEG, decoded and converted to grey and to RGB planes: the results
/// must be exactly what tools/make_image_fixtures.py computed from the source pixels by the stated rules.
final class ImageDecoderTests: XCTestCase {
    static let files = ["grey8.png", "grey16.png", "rgb8.png", "rgba8.png", "greyalpha8.png", "palette4.png",
                        "palette-trns.png", "grey.jpg", "rgb.jpg"]

    func testEveryFormatConvertsToGreyAndRGBAsStated() throws {
        for file in Self.files {
            let image = try ImageDecoder.decode(Data(contentsOf: ImageFixtures.url("formats/" + file)))
            XCTAssertEqual([image.width, image.height], [7, 5], file)
            let stem = file.hasSuffix(".jpg") ? String(file.dropLast(4)) + "-jpeg" : String(file.dropLast(4))
            for (channels, suffix) in [(1, "grey"), (3, "rgb")] {
                let expected = try NPZ.read(ImageFixtures.url("formats-expected.npz"), array: "\(stem)_\(suffix)")
                var planes = [UInt8](repeating: 0, count: channels * 35)
                planes.withUnsafeMutableBufferPointer { image.writePlanes(channels: channels, into: $0) }
                XCTAssertEqual(planes.map(Int64.init), expected.int64Values(), "\(file) as \(suffix)")
            }
        }
    }

    func testTheSignatureNotTheNameChoosesTheDecoder() throws {
        let png = try Data(contentsOf: ImageFixtures.url("formats/rgb8.png"))
        XCTAssertEqual(try ImageDecoder.decode(png).channels, 3)
        XCTAssertThrowsError(try ImageDecoder.decode(Data("not an image".utf8))) { error in
            XCTAssertEqual((error as? ImageDecodingError)?.reason, "not a PNG or JPEG image")
        }
    }

    func testTruncatedImagesAreRefusedNotFilledIn() throws {
        for file in ["rgb8.png", "rgb.jpg"] {
            let bytes = try Data(contentsOf: ImageFixtures.url("formats/" + file))
            for length in [8, 30, bytes.count / 2, bytes.count * 3 / 4] {
                XCTAssertThrowsError(try ImageDecoder.decode(bytes.prefix(length)), "\(file) cut to \(length) bytes")
            }
        }
    }

    func testCentreCropThenBilinearResize() {
        // A 4×2 image to 1×1: the centre 2×2 square is averaged (columns 1 and 2 only).
        let source: [UInt8] = [0, 10, 30, 250,
                               0, 20, 40, 250]
        let resampler = PlaneResampler(sourceWidth: 4, sourceHeight: 2, width: 1, height: 1)
        var out: [UInt8] = [0]
        source.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { resampler.resize(s, into: $0) } }
        XCTAssertEqual(out, [25])

        // The same size is the identity; a constant image stays constant at any size.
        let identity = PlaneResampler(sourceWidth: 4, sourceHeight: 2, width: 4, height: 2)
        var same = [UInt8](repeating: 0, count: 8)
        source.withUnsafeBufferPointer { s in same.withUnsafeMutableBufferPointer { identity.resize(s, into: $0) } }
        XCTAssertEqual(same, source)
        let flat = [UInt8](repeating: 77, count: 13 * 9)
        let grow = PlaneResampler(sourceWidth: 13, sourceHeight: 9, width: 20, height: 31)
        var grown = [UInt8](repeating: 0, count: 20 * 31)
        flat.withUnsafeBufferPointer { s in grown.withUnsafeMutableBufferPointer { grow.resize(s, into: $0) } }
        XCTAssertEqual(Set(grown), [77])
    }
}
