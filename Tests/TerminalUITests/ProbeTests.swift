import XCTest
import Render
@testable import TerminalUI

/// The start-up probe's parsing and choices (no terminal needed: `TERM=dumb` sends no queries).
final class ProbeTests: XCTestCase {
    private let kitty = Array(("\u{1B}P>|kitty(0.26.5)\u{1B}\\" + "\u{1B}_Gi=31;OK\u{1B}\\" + "\u{1B}[6;19;8t"
        + "\u{1B}[4;665;960t" + "\u{1B}[?62;c").utf8)

    func testKittyAnswers() {
        XCTAssertEqual(TerminalReplies.terminalVersion(in: kitty)?.value, "kitty(0.26.5)")
        XCTAssertEqual(TerminalReplies.kittyGraphics(in: kitty)?.value, true)
        XCTAssertEqual(TerminalReplies.kittyGraphics(in: Array("\u{1B}_Gi=31;ENOTSUPPORTED:no\u{1B}\\".utf8))?.value, false)
        XCTAssertNil(TerminalReplies.kittyGraphics(in: Array("\u{1B}_Gi=7;OK\u{1B}\\".utf8)), "another image's answer")
        XCTAssertNil(TerminalReplies.terminalVersion(in: Array("\u{1B}P>|kitty".utf8)), "cut off")
        // SSH dropped COLORTERM: kitty's name says truecolor.
        let caps = TerminalCapabilities(colorDepth: .indexed256, unicode: true).applying(answers: kitty)
        XCTAssertTrue(caps.kittyGraphics)
        XCTAssertEqual(caps.colorDepth, .truecolor)
        XCTAssertEqual(caps.imageChoice.format, .kitty)
    }

    func testPreferenceKittySixelBlocksASCII() {
        var caps = TerminalCapabilities(colorDepth: .indexed256, sixel: true, unicode: true)
        XCTAssertEqual(caps.imageChoice.format, .sixel)
        caps.kittyGraphics = true
        XCTAssertEqual(caps.imageChoice.format, .kitty)
        caps.multiplexer = .tmux
        XCTAssertEqual(caps.imageChoice.format, .sixel, "kitty images in tmux need unicode placeholders")
        caps.sixel = false
        XCTAssertEqual(caps.imageChoice.format, .blocks)
        XCTAssertTrue(caps.imageChoice.reason.contains("tmux"))
        caps.unicode = false
        XCTAssertEqual(caps.imageChoice.format, .ascii)
        // Only DA1 without attribute 4: half-blocks.
        let plain = TerminalCapabilities(colorDepth: .indexed256, unicode: true)
            .applying(answers: Array("\u{1B}[?62;1;6c".utf8))
        XCTAssertEqual(plain.imageChoice.format, .blocks)
    }

    func testImagesFlagWinsOverTheEnvironmentWhichWinsOverDetection() throws {
        let env = ["TERM": "dumb", "LATENT_IMAGES": "kitty"]
        XCTAssertEqual(try DisplayProbe.detect(environment: env).options.images, .kitty)
        XCTAssertEqual(try DisplayProbe.detect(environment: env).imageReason, "chosen with LATENT_IMAGES")
        XCTAssertEqual(try DisplayProbe.detect(environment: env, forcedImages: .sixel).options.images, .sixel)
        XCTAssertThrowsError(try DisplayProbe.detect(environment: ["TERM": "dumb", "LATENT_IMAGES": "png"])) { error in
            XCTAssertTrue("\(error)".contains("LATENT_IMAGES=png"))
        }
        XCTAssertEqual(DisplayProbe.timeout(environment: [:]), 0.25)
        XCTAssertEqual(DisplayProbe.timeout(environment: ["SSH_TTY": "/dev/pts/3"]), 1.0)
    }

    func testReportLines() throws {
        let result = try DisplayProbe.detect(environment: ["TERM": "dumb", "LATENT_IMAGES": "sixel"])
        let keys = result.reportLines.map { String($0.prefix { $0 != ":" }) }
        XCTAssertEqual(keys, ["terminal", "images", "cell", "colours", "sixel-registers", "unicode", "tmux"])
        XCTAssertEqual(result.reportLines[0], "terminal: unknown")
        XCTAssertEqual(result.reportLines[3], "colours: none")
    }
}
