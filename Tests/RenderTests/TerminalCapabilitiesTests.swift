import XCTest
@testable import Render

final class TerminalCapabilitiesTests: XCTestCase {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    // MARK: - DA1

    func testDeviceAttributesWithSixel() {
        let reply = TerminalReplies.deviceAttributes(in: bytes("\u{1B}[?62;4;6;22c"))
        XCTAssertEqual(reply?.value, DeviceAttributes(level: 62, attributes: [4, 6, 22]))
        XCTAssertEqual(reply?.range, 0..<13)
        XCTAssertEqual(reply?.value.supportsSixel, true)
        XCTAssertEqual(TerminalReplies.deviceAttributes(in: bytes("\u{1B}[?64;1;2;6;9;15;18;21;22c"))?.value.supportsSixel, false)
        XCTAssertEqual(TerminalReplies.deviceAttributes(in: bytes("\u{1B}[?1;2c"))?.value, DeviceAttributes(level: 1, attributes: [2]))
        XCTAssertEqual(TerminalReplies.deviceAttributes(in: bytes("\u{1B}[?6c"))?.value, DeviceAttributes(level: 6, attributes: []))
        // 8-bit CSI.
        XCTAssertEqual(TerminalReplies.deviceAttributes(in: [0x9B] + bytes("?65;4c"))?.value.supportsSixel, true)
    }

    func testDeviceAttributesAmongOtherBytes() {
        let input = bytes("jk\u{1B}[6;20;10t\u{1B}[A\u{1B}[?62;4c q")
        let reply = TerminalReplies.deviceAttributes(in: input)
        XCTAssertEqual(reply?.value.attributes, [4])
        XCTAssertEqual(reply.map { String(decoding: input[$0.range], as: UTF8.self) }, "\u{1B}[?62;4c")
        XCTAssertEqual(TerminalReplies.cellSize(in: input)?.value, PixelSize(width: 10, height: 20))
    }

    func testIncompleteOrMalformedAnswersAreNil() {
        for text in ["", "\u{1B}", "\u{1B}[", "\u{1B}[?", "\u{1B}[?62;4", "\u{1B}[62;4c", "\u{1B}[?62;4x", "\u{1B}[?c",
                     "\u{1B}[?99999999999999999999;4c", "[?62;4c", "\u{1B}]?62c"] {
            XCTAssertNil(TerminalReplies.deviceAttributes(in: bytes(text)), text.debugDescription)
        }
        var rng = TestRandom(seed: 31)
        for _ in 0..<500 {
            let junk = (0..<rng.int(0..<40)).map { _ in [0x1B, 0x9B, 59, 63, 99, 116, 48, 52, 54, 91][rng.int(0..<10)] as UInt8 }
            _ = TerminalReplies.deviceAttributes(in: junk)
            _ = TerminalReplies.cellSize(in: junk)
        }
    }

    // MARK: - Cell size

    func testCellSize() {
        XCTAssertEqual(TerminalReplies.cellSize(in: bytes("\u{1B}[6;18;9t"))?.value, PixelSize(width: 9, height: 18))
        XCTAssertNil(TerminalReplies.cellSize(in: bytes("\u{1B}[6;0;0t")))
        XCTAssertNil(TerminalReplies.cellSize(in: bytes("\u{1B}[4;600;800t")))
        XCTAssertNil(TerminalReplies.cellSize(in: bytes("\u{1B}[6;18t")))
        XCTAssertNil(TerminalReplies.cellSize(in: bytes("\u{1B}[6;18;9")))
        XCTAssertNil(TerminalReplies.cellSize(in: bytes("\u{1B}[6;;9t")))
        XCTAssertEqual(TerminalReplies.cellSize(in: bytes("\u{1B}[4;600;800t\u{1B}[6;16;8t"))?.range, 12..<21)
    }

    // MARK: - Environment

    func testColorDepthFromEnvironment() {
        func depth(_ env: [String: String]) -> ColorDepth { TerminalCapabilities.fromEnvironment(env).colorDepth }
        XCTAssertEqual(depth(["TERM": "xterm-256color", "COLORTERM": "truecolor"]), .truecolor)
        XCTAssertEqual(depth(["TERM": "xterm-256color", "COLORTERM": "24bit"]), .truecolor)
        XCTAssertEqual(depth(["TERM": "xterm-direct"]), .truecolor)
        XCTAssertEqual(depth(["TERM": "xterm-256color"]), .indexed256)
        XCTAssertEqual(depth(["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"]), .indexed256)
        XCTAssertEqual(depth(["TERM": "xterm-16color"]), .ansi16)
        XCTAssertEqual(depth(["TERM": "xterm"]), .ansi8)
        XCTAssertEqual(depth(["TERM": "linux"]), .ansi8)
        XCTAssertEqual(depth(["TERM": "dumb"]), .mono)
        XCTAssertEqual(depth(["TERM": "vt100"]), .mono)
        XCTAssertEqual(depth([:]), .mono)
        XCTAssertEqual(depth(["TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"]), .mono)
        XCTAssertEqual(depth(["TERM": "xterm-256color", "NO_COLOR": ""]), .indexed256)
    }

    func testUnicodeAndMultiplexerFromEnvironment() {
        func caps(_ env: [String: String]) -> TerminalCapabilities { TerminalCapabilities.fromEnvironment(env) }
        XCTAssertTrue(caps(["TERM": "xterm", "LANG": "en_US.UTF-8"]).unicode)
        XCTAssertTrue(caps(["TERM": "xterm", "LANG": "C", "LC_CTYPE": "de_DE.utf8"]).unicode)
        XCTAssertFalse(caps(["TERM": "xterm", "LANG": "en_US.UTF-8", "LC_ALL": "C"]).unicode)
        XCTAssertTrue(caps(["TERM": "xterm", "LANG": "en_US.UTF-8", "LC_ALL": ""]).unicode)
        XCTAssertFalse(caps(["TERM": "dumb", "LANG": "en_US.UTF-8"]).unicode)
        XCTAssertFalse(caps(["TERM": "xterm"]).unicode)
        XCTAssertEqual(caps(["TMUX": "/tmp/x,1,0"]).multiplexer, .tmux)
        XCTAssertEqual(caps(["STY": "123.pts-0"]).multiplexer, .screen)
        XCTAssertNil(caps(["TERM": "xterm"]).multiplexer)
        XCTAssertFalse(caps(["TERM": "xterm-256color"]).sixel)
        XCTAssertNil(caps(["TERM": "xterm-256color"]).cellSize)
    }

    func testAnswersAndChoices() {
        var caps = TerminalCapabilities.fromEnvironment(["TERM": "xterm-256color", "LANG": "C.UTF-8"])
        XCTAssertEqual(caps.preferredImageFormat, .blocks)
        XCTAssertEqual(caps.preferredCanvas, .braille)
        XCTAssertEqual(caps.effectiveCellSize, PixelSize(width: 10, height: 20))
        caps = caps.applying(DeviceAttributes(level: 62, attributes: [4, 22])).applying(cellSize: PixelSize(width: 9, height: 17))
        XCTAssertEqual(caps.preferredImageFormat, .sixel)
        XCTAssertEqual(caps.effectiveCellSize, PixelSize(width: 9, height: 17))
        let plain = TerminalCapabilities.fromEnvironment(["TERM": "xterm"])
        XCTAssertEqual(plain.preferredImageFormat, .ascii)
        XCTAssertEqual(plain.preferredCanvas, .character)
    }
}
