import XCTest
@testable import Render

final class SixelEncoderTests: XCTestCase {
    func randomImage(width: Int, height: Int, channels: Int, rng: inout TestRandom, smooth: Bool) throws -> Image {
        var pixels: [Float] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    pixels.append(smooth ? Float((x * 3 + y * 5 + c * 40) % 256) / 255 : Float(rng.unit()))
                }
            }
        }
        return try Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// The largest channel difference between the decoded image and the input's 8-bit values.
    func maxError(_ image: Image, _ bytes: [UInt8]) throws -> Int {
        let decoded = try SixelTestDecoder.decode(bytes)
        XCTAssertEqual([decoded.width, decoded.height], [image.width, image.height])
        var worst = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                guard let p = decoded.pixels[y * image.width + x] else {
                    XCTFail("pixel (\(x), \(y)) never painted")
                    return 255
                }
                let c = image.rgb(x: x, y: y)
                for (a, b) in [(p.0, c.0), (p.1, c.1), (p.2, c.2)] {
                    worst = max(worst, abs(Int(a) - Int(unitToByte(b))))
                }
            }
        }
        return worst
    }

    // MARK: - Round trips

    func testGreyRoundTripWithinTheToleranceForManySizes() throws {
        var rng = TestRandom(seed: 21)
        for (w, h) in [(1, 1), (1, 7), (300, 7), (13, 6), (5, 12), (29, 31), (64, 1)] {
            let image = try randomImage(width: w, height: h, channels: 1, rng: &rng, smooth: false)
            let bytes = SixelEncoder().encode(image)
            XCTAssertLessThanOrEqual(try maxError(image, bytes), SixelEncoder.greyErrorBound, "\(w)×\(h)")
            let close = SixelEncoder(options: SixelOptions(greyTolerance: 2)).encode(image)
            XCTAssertLessThanOrEqual(try maxError(image, close), 2, "\(w)×\(h) at tolerance 2")
            let rgbRegisters = SixelEncoder(options: SixelOptions(greyTolerance: 2, hlsGreys: false)).encode(image)
            XCTAssertLessThanOrEqual(try maxError(image, rgbRegisters), 2, "\(w)×\(h) with RGB registers")
        }
    }

    func testGreyToleranceOneIsTheRegisterRounding() throws {
        let ramp = try Image(width: 256, height: 3, channels: 1, pixels: (0..<768).map { Float($0 % 256) / 255 })
        let tight = SixelEncoder(options: SixelOptions(greyTolerance: 1)).encode(ramp)
        XCTAssertLessThanOrEqual(try maxError(ramp, tight), 1)
        XCTAssertEqual(try SixelTestDecoder.decode(tight).registersDefined, 101)
        let loose = SixelEncoder(options: SixelOptions(greyTolerance: 8)).encode(ramp)
        XCTAssertLessThanOrEqual(try maxError(ramp, loose), 8)
        XCTAssertLessThan(loose.count, tight.count)
        // Fewer registers than the tolerance allows: the tolerance grows until they fit.
        let few = SixelEncoder(options: SixelOptions(maxColors: 8)).encode(ramp)
        XCTAssertLessThanOrEqual(try SixelTestDecoder.decode(few).registersDefined, 8)
        XCTAssertLessThanOrEqual(try maxError(ramp, few), 255 / 8 / 2 + 2)
    }

    /// The grey registers: every level within the tolerance, and as few registers as a greedy interval
    /// cover (which is optimal) needs.
    func testGreyCoverIsMinimalAndWithinTolerance() {
        var rng = TestRandom(seed: 24)
        for _ in 0..<200 {
            var histogram = [Int](repeating: 0, count: 256)
            for _ in 0..<rng.int(1..<60) { histogram[rng.int(0..<256)] += rng.int(1..<1000) }
            let t = rng.int(1..<12)
            let cover = SixelQuantizer.greyCover(histogram: histogram, tolerance: t, registerPrice: .infinity)
            let priced = SixelQuantizer.greyCover(histogram: histogram, tolerance: t)
            var errors = (fewest: 0, priced: 0)
            for v in 0..<256 where histogram[v] > 0 {
                let shown = SixelQuantizer.byte(fromPercent: cover.percents[Int(cover.register[v])])
                XCTAssertLessThanOrEqual(abs(shown - v), t, "level \(v), tolerance \(t)")
                let pricedShown = SixelQuantizer.byte(fromPercent: priced.percents[Int(priced.register[v])])
                XCTAssertLessThanOrEqual(abs(pricedShown - v), t, "level \(v), tolerance \(t), priced")
                errors.fewest += histogram[v] * abs(shown - v)
                errors.priced += histogram[v] * abs(pricedShown - v)
            }
            // The priced cover is at least as good as the fewest registers by its own measure, and only adds
            // registers that lower the error.
            let price = SixelQuantizer.registerPrice * Double(histogram.reduce(0, +))
            XCTAssertLessThanOrEqual(Double(errors.priced) + Double(priced.percents.count) * price,
                                     Double(errors.fewest) + Double(cover.percents.count) * price + 1)
            XCTAssertGreaterThanOrEqual(priced.percents.count, cover.percents.count)
            if priced.percents.count > cover.percents.count { XCTAssertLessThan(errors.priced, errors.fewest) }
            // Greedy: the lowest uncovered level takes the brightest register within t of it.
            var greedy = 0, v = 0
            while v < 256 {
                guard histogram[v] > 0 else { v += 1; continue }
                let s = (0...100).map(SixelQuantizer.byte(fromPercent:)).filter { abs($0 - v) <= t }.max()!
                greedy += 1
                v = s + t + 1
            }
            XCTAssertEqual(cover.percents.count, greedy, "tolerance \(t)")
        }
    }

    /// A dominant level (a black background) keeps a register of its own rather than being shown off by the
    /// whole tolerance to save one register.
    func testPricedGreyCoverShowsTheDominantLevelExactly() {
        var histogram = [Int](repeating: 0, count: 256)
        histogram[0] = 10_000
        for v in 1..<37 { histogram[v] = 40 }  // dense: the fewest registers leave no slack to spare level 0
        let fewest = SixelQuantizer.greyCover(histogram: histogram, tolerance: 6, registerPrice: .infinity)
        let priced = SixelQuantizer.greyCover(histogram: histogram, tolerance: 6)
        XCTAssertGreaterThan(SixelQuantizer.byte(fromPercent: fewest.percents[Int(fewest.register[0])]), 0)
        XCTAssertEqual(SixelQuantizer.byte(fromPercent: priced.percents[Int(priced.register[0])]), 0)
        XCTAssertEqual(priced.percents.count, fewest.percents.count + 1)
    }

    func testRGBWithFewColoursIsExact() throws {
        var pixels: [Float] = []
        for i in 0..<(37 * 11) { let k = i % 5; pixels += [Float(k) / 4, Float(4 - k) / 4, 0.5] }
        let image = try Image(width: 37, height: 11, channels: 3, pixels: pixels)
        XCTAssertLessThanOrEqual(try maxError(image, SixelEncoder().encode(image)), 1)
    }

    func testRGBRoundTripWithinTheStatedBound() throws {
        var rng = TestRandom(seed: 22)
        for (w, h, smooth) in [(1, 1, false), (300, 7, true), (300, 7, false), (50, 50, true), (41, 17, false)] {
            let image = try randomImage(width: w, height: h, channels: 3, rng: &rng, smooth: smooth)
            let bytes = SixelEncoder().encode(image)
            XCTAssertLessThanOrEqual(try maxError(image, bytes), SixelEncoder.rgbErrorBound, "\(w)×\(h) smooth \(smooth)")
            XCTAssertLessThanOrEqual(try SixelTestDecoder.decode(bytes).registersDefined, 256)
        }
    }

    func testMedianCutAndCubeFallback() throws {
        var rng = TestRandom(seed: 23)
        // Smooth colours: the median cut fits within the bound.
        let smooth = try randomImage(width: 64, height: 64, channels: 3, rng: &rng, smooth: true)
        let cut = smooth.pixels.withUnsafeBufferPointer { SixelQuantizer.medianCut($0, count: 64 * 64, colors: 256) }
        XCTAssertNotNil(cut)
        // White noise over the whole cube with 8 colours cannot meet it: nil, and the cube is used.
        let noise = try randomImage(width: 64, height: 64, channels: 3, rng: &rng, smooth: false)
        XCTAssertNil(noise.pixels.withUnsafeBufferPointer { SixelQuantizer.medianCut($0, count: 64 * 64, colors: 8) })
        let cube = noise.pixels.withUnsafeBufferPointer { SixelQuantizer.rgb($0, maxColors: 8) }
        XCTAssertTrue(cube.registers.allSatisfy { [$0.0, $0.1, $0.2].allSatisfy { $0 % 20 == 0 } })
    }

    // MARK: - Format

    func testHeaderOptionsAndScaling() throws {
        let image = try Image(width: 2, height: 2, channels: 1, pixels: [0, 1, 1, 0])
        let encoder = SixelEncoder(options: SixelOptions(aspectCode: 7, background: .fill))
        let bytes = encoder.encode(image, width: 7, height: 13)
        XCTAssertTrue(bytes.starts(with: Array("\u{1B}P7;0q\"1;1;7;13".utf8)))
        XCTAssertEqual(Array(bytes.suffix(2)), [0x1B, UInt8(ascii: "\\")])
        let decoded = try SixelTestDecoder.decode(bytes)
        XCTAssertEqual(decoded.p1, 7)
        XCTAssertEqual(decoded.p2, 0)
        // Nearest: the top-left quarter is black, the top-right white.
        XCTAssertTrue(decoded.pixels[0]! == (0, 0, 0))
        XCTAssertTrue(decoded.pixels[6]! == (255, 255, 255))
        XCTAssertTrue(decoded.pixels[12 * 7 + 6]! == (0, 0, 0))
        // Bilinear: the middle is in between.
        let smooth = SixelEncoder(options: SixelOptions(filter: .bilinear)).encode(image, width: 8, height: 8)
        let mid = try SixelTestDecoder.decode(smooth).pixels[3 * 8 + 3]!
        XCTAssertTrue(mid.0 > 60 && mid.0 < 200, "\(mid)")
    }

    func testRunLengthAndBands() throws {
        let flat = try Image(width: 300, height: 7, channels: 1, value: 1)
        let text = String(decoding: SixelEncoder().encode(flat), as: UTF8.self)
        // One register (defined, then selected), a full band of 300 sixels, then the 7th row alone (`@`).
        XCTAssertEqual(text, "\u{1B}P0;1q\"1;1;300;7#0;1;0;100;0#0!300~-!300@\u{1B}\\")
        let tiny = String(decoding: SixelEncoder(options: SixelOptions(hlsGreys: false)).encode(try Image(width: 3, height: 1, channels: 1, value: 0)), as: UTF8.self)
        XCTAssertEqual(tiny, "\u{1B}P0;1q\"1;1;3;1#0;2;0;0;0#0@@@\u{1B}\\")
    }

    func testFillPassOverpaintsTheBackground() throws {
        // A white square on black in one band: black is painted across, white over it.
        var pixels = [Float](repeating: 0, count: 40 * 6)
        for y in 0..<6 { for x in 10..<30 { pixels[y * 40 + x] = 1 } }
        let image = try Image(width: 40, height: 6, channels: 1, pixels: pixels)
        let bytes = SixelEncoder().encode(image)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("#0!40~$!10?#1!20~"), text)
        XCTAssertEqual(try maxError(image, bytes), 0)
    }

    func testRegistersAreNumberedByHowOftenTheyAreSelected() throws {
        // Column stripes: grey 0.5 alternates with many other greys, so it is selected most often.
        var pixels: [Float] = []
        for x in 0..<60 { pixels.append(x % 2 == 0 ? 0.5 : Float(x) / 70) }
        let image = try Image(width: 60, height: 1, channels: 1, pixels: pixels)
        let text = String(decoding: SixelEncoder().encode(image), as: UTF8.self)
        XCTAssertTrue(text.contains("#0;1;0;50;0"), text)
    }

    func testLargeImagesAreWrittenInTwoPartsThatDecodeTheSame() throws {
        var rng = TestRandom(seed: 21)
        let image = try randomImage(width: 190, height: 200, channels: 1, rng: &rng, smooth: false)
        XCTAssertGreaterThanOrEqual(image.width * image.height, SixelEncoder.parallelPixels)
        XCTAssertEqual(SixelEncoder.bodyParts(width: 190, height: 200), 2)
        XCTAssertEqual(SixelEncoder.bodyParts(width: 100, height: 100), 1)
        let encoder = SixelEncoder()
        let quantized = encoder.quantize(image)
        let whole = encoder.bytes(registers: quantized.registers, indices: quantized.indices, width: 190, height: 200, parts: 1)
        let halves = encoder.bytes(registers: quantized.registers, indices: quantized.indices, width: 190, height: 200, parts: 2)
        XCTAssertEqual(halves, encoder.encode(image))
        let a = try SixelTestDecoder.decode(whole), b = try SixelTestDecoder.decode(halves)
        XCTAssertEqual(a.pixels.count, b.pixels.count)
        XCTAssertTrue(zip(a.pixels, b.pixels).allSatisfy { $0?.0 == $1?.0 && $0?.1 == $1?.1 && $0?.2 == $1?.2 })
        XCTAssertLessThanOrEqual(try maxError(image, halves), SixelEncoder.greyErrorBound)
        // The second half starts with no register selected: at most one selection more than the whole.
        XCTAssertLessThanOrEqual(halves.count, whole.count + 4)
        // Three parts split the bands too, and still decode the same.
        let thirds = encoder.bytes(registers: quantized.registers, indices: quantized.indices, width: 190, height: 200, parts: 3)
        let c = try SixelTestDecoder.decode(thirds)
        XCTAssertTrue(zip(a.pixels, c.pixels).allSatisfy { $0?.0 == $1?.0 && $0?.1 == $1?.1 && $0?.2 == $1?.2 })
    }

    func testGoldenSixelBytes() throws {
        var pixels: [Float] = []
        for y in 0..<9 { for x in 0..<14 { pixels.append(Float((x * y) % 7) / 6) } }
        let image = try Image(width: 14, height: 9, channels: 1, pixels: pixels)
        let bytes = SixelEncoder().encode(image, width: 28, height: 18)
        XCTAssertLessThanOrEqual(try maxError(image.resized(width: 28, height: 18, filter: .nearest), bytes), 2)
        let text = String(decoding: bytes, as: UTF8.self)
        Snapshot.assert(text.replacingOccurrences(of: "\u{1B}", with: "<ESC>") + "\n", named: "sixel_pattern")
    }
}
