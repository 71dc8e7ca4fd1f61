import Foundation
import XCTest
import CZlib
@testable import Render

/// The kitty graphics protocol's escape sequences: chunks, keys, and pixels that decode back exactly.
final class KittyImageTests: XCTestCase {
    /// Splits escape sequences `ESC _ G keys ; payload ESC \` into (keys, payload).
    private func commands(_ bytes: [UInt8]) -> [(keys: [String: String], payload: [UInt8])] {
        var out: [(keys: [String: String], payload: [UInt8])] = []
        var i = 0
        while i < bytes.count {
            XCTAssertEqual(Array(bytes[i..<(i + 3)]), Array("\u{1B}_G".utf8))
            var end = i + 3
            while !(bytes[end] == 0x1B && bytes[end + 1] == UInt8(ascii: "\\")) { end += 1 }
            let body = bytes[(i + 3)..<end]
            let semicolon = body.firstIndex(of: UInt8(ascii: ";")) ?? body.endIndex
            var keys: [String: String] = [:]
            for pair in String(decoding: body[body.startIndex..<semicolon], as: UTF8.self).split(separator: ",") {
                let kv = pair.split(separator: "=")
                keys[String(kv[0])] = String(kv[1])
            }
            out.append((keys, semicolon < body.endIndex ? Array(body[(semicolon + 1)...]) : []))
            i = end + 2
        }
        return out
    }

    private func inflate(_ data: [UInt8], count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var size = uLong(count)
        let status = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in uncompress(o.baseAddress, &size, i.baseAddress, uLong(data.count)) }
        }
        XCTAssertEqual(status, Z_OK)
        XCTAssertEqual(Int(size), count)
        return out
    }

    func testSmallImageIsOneCommandWithEveryKey() throws {
        let image = try Image(width: 3, height: 2, channels: 1, pixels: [0, 0.5, 1, 0.25, 0.75, 1])
        let kitty = KittyImage(image, columns: 6, rows: 2)
        let parts = commands(kitty.transmit(id: 7))
        XCTAssertEqual(parts.count, 1)
        let keys = parts[0].keys
        XCTAssertEqual(keys["a"], "T"); XCTAssertEqual(keys["f"], "24"); XCTAssertEqual(keys["o"], "z")
        XCTAssertEqual(keys["s"], "3"); XCTAssertEqual(keys["v"], "2"); XCTAssertEqual(keys["c"], "6"); XCTAssertEqual(keys["r"], "2")
        XCTAssertEqual(keys["i"], "7"); XCTAssertEqual(keys["p"], "1"); XCTAssertEqual(keys["q"], "2"); XCTAssertEqual(keys["C"], "1")
        XCTAssertEqual(keys["m"], "0")
        let compressed = try XCTUnwrap(Data(base64Encoded: Data(parts[0].payload)))
        // Grey expanded to RGB, 8 bits, rounded.
        XCTAssertEqual(inflate(Array(compressed), count: 18), [0, 0, 0, 128, 128, 128, 255, 255, 255, 64, 64, 64, 191, 191, 191, 255, 255, 255])
        XCTAssertEqual(commands(kitty.transmit(id: 7, moveCursor: true))[0].keys["C"], "0")
    }

    func testLargeImageIsChunkedWithKeysOnTheFirstOnly() throws {
        // Noise does not compress: many chunks.
        var generator = SystemRandomNumberGenerator()
        let pixels = (0..<(128 * 96 * 3)).map { _ in Float(UInt8.random(in: 0...255, using: &generator)) / 255 }
        let image = try Image(width: 128, height: 96, channels: 3, pixels: pixels)
        let parts = commands(KittyImage(image, columns: 20, rows: 8).transmit(id: 3))
        XCTAssertGreaterThan(parts.count, 3)
        for (k, part) in parts.enumerated() {
            XCTAssertLessThanOrEqual(part.payload.count, KittyImage.chunkSize)
            XCTAssertEqual(part.keys["m"], k == parts.count - 1 ? "0" : "1")
            XCTAssertEqual(part.keys.count, k == 0 ? 12 : 1, "keys on the first chunk only")
            if k < parts.count - 1 { XCTAssertEqual(part.payload.count % 4, 0) }
        }
        let payload = parts.flatMap(\.payload)
        let compressed = try XCTUnwrap(Data(base64Encoded: Data(payload)))
        let rgb = inflate(Array(compressed), count: pixels.count)
        XCTAssertEqual(rgb, pixels.map { UInt8(($0 * 255).rounded()) })
    }

    func testDeleteNamesTheImage() {
        XCTAssertEqual(String(decoding: KittyImage.delete(id: 42), as: UTF8.self), "\u{1B}_Ga=d,d=I,i=42,q=2\u{1B}\\")
    }

    func testBase64MatchesFoundation() {
        for n in 0..<10 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + 11) % 256) }
            XCTAssertEqual(String(decoding: Base64.encode(bytes), as: UTF8.self), Data(bytes).base64EncodedString())
        }
    }
}
