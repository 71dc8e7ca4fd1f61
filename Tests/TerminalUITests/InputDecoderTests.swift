import XCTest
import Explorer
@testable import TerminalUI

/// Keys and terminal replies mixed in the input: replies are recognised and never become key presses.
final class InputDecoderTests: XCTestCase {
    private func units(_ text: String) -> [InputUnit] { text.unicodeScalars.map { .character($0.value) } }

    /// Feeds `bursts` one after another, ending each; returns what came out.
    private func decode(_ bursts: [[InputUnit]]) -> [DecodedInput] {
        var decoder = InputDecoder()
        var out: [DecodedInput] = []
        for burst in bursts {
            out += decoder.feed(burst)
            out += decoder.endOfBurst()
        }
        return out
    }

    private func keys(_ out: [DecodedInput]) -> [Key] {
        out.compactMap { if case .key(let k) = $0 { return k } else { return nil } }
    }

    private func replies(_ out: [DecodedInput]) -> [String] {
        out.compactMap { if case .reply(let b) = $0 { return String(decoding: b, as: UTF8.self) } else { return nil } }
    }

    func testPlainKeys() {
        XCTAssertEqual(keys(decode([units("jk?q")])), [.character("j"), .character("k"), .character("?"), .character("q")])
        XCTAssertEqual(keys(decode([[.character(13), .character(9), .character(127), .character(3)]])),
                       [.enter, .tab, .backspace, .control("c")])
    }

    func testLateDeviceAttributesAreNotKeys() {
        // A DA1 answer arriving after the probe gave up: not Escape, '[', '?', '6', '2', ..., 'c'.
        let out = decode([units("l\u{1B}[?62;4;22cj")])
        XCTAssertEqual(keys(out), [.character("l"), .character("j")])
        XCTAssertEqual(replies(out), ["\u{1B}[?62;4;22c"])
    }

    func testEveryStartupReplyIsRecognised() {
        let answers = "\u{1B}[?1;0;256S" + "\u{1B}[6;17;8t" + "\u{1B}[4;680;960t" + "\u{1B}[?64;4c"
            + "\u{1B}P>|XTerm(379)\u{1B}\\" + "\u{1B}_Gi=31;OK\u{1B}\\" + "\u{1B}]11;rgb:0000/0000/0000\u{07}"
        let out = decode([units(answers)])
        XCTAssertEqual(keys(out), [])
        XCTAssertEqual(replies(out).count, 7)
    }

    func testLoneEscapeIsTheEscapeKey() {
        XCTAssertEqual(keys(decode([units("\u{1B}")])), [.escape])
        // Escape then a key in the same burst: both.
        XCTAssertEqual(keys(decode([units("\u{1B}q")])), [.escape, .character("q")])
        XCTAssertEqual(keys(decode([units("\u{1B}\u{1B}")])), [.escape, .escape])
    }

    func testReplySplitAcrossBursts() {
        let out = decode([units("\u{1B}[6;1"), units("7;8t"), units("h")])
        XCTAssertEqual(replies(out), ["\u{1B}[6;17;8t"])
        XCTAssertEqual(keys(out), [.character("h")])
    }

    func testIncompleteReplyIsDroppedAfterOneMoreBurst() {
        let out = decode([units("\u{1B}[?62;4"), [], units("4")])
        XCTAssertEqual(keys(out), [.character("4")], "the cut reply's digits must not toggle classes")
        XCTAssertEqual(replies(out), [])
    }

    func testOverlongStringIsDroppedWhole() {
        let long = "\u{1B}P" + String(repeating: "x", count: InputDecoder.maximumLength + 100) + "\u{1B}\\"
        let out = decode([units(long + "k")])
        XCTAssertEqual(keys(out), [.character("k")])
        XCTAssertEqual(replies(out), [])
    }

    func testEightBitControlSequence() {
        let out = decode([[.character(0x9B)] + units("?62;4c") + units("j")])
        XCTAssertEqual(keys(out), [.character("j")])
        XCTAssertEqual(replies(out).count, 1)
    }

    func testDecodedKeyEndsABegunSequence() {
        var decoder = InputDecoder()
        var out = decoder.feed(units("\u{1B}"))
        out += decoder.feed(.key(.up))
        XCTAssertEqual(keys(out), [.escape, .up])
        out = decoder.feed(units("\u{1B}[12"))
        out += decoder.feed(.key(.down))
        out += decoder.endOfBurst()
        XCTAssertEqual(keys(out), [.down])
        XCTAssertFalse(decoder.isPending)
    }

    func testControlCharacterBreaksAControlSequence() {
        // CSI parameters cannot hold a newline: the sequence is dropped, the Enter key kept.
        let out = decode([units("\u{1B}[12\r")])
        XCTAssertEqual(keys(out), [.enter])
    }

    func testNonCharacterCodesAreNoKeys() {
        XCTAssertEqual(keys(decode([[.character(0), .character(0x1C), .character(0x85), .character(0xD800)]])), [])
        XCTAssertEqual(keys(decode([units("é→")])), [.character("é"), .character("→")])
    }

    /// Random input: never more keys than characters fed, and a reply's bytes always start with an introducer.
    func testRandomInputNeverCrashes() {
        var seed: UInt64 = 12345
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 33 }
        let alphabet: [UInt32] = [0x1B, 0x5B, 0x3F, 0x3B, 0x30, 0x39, 0x63, 0x74, 0x50, 0x5C, 0x5F, 0x07, 0x9B, 0x6A, 0x71, 13]
        for _ in 0..<500 {
            var decoder = InputDecoder()
            var fed = 0, produced = 0
            for _ in 0..<Int(next() % 8) {
                let burst = (0..<Int(next() % 40)).map { _ in InputUnit.character(alphabet[Int(next() % UInt64(alphabet.count))]) }
                fed += burst.count
                for d in decoder.feed(burst) + decoder.endOfBurst() {
                    if case .reply(let b) = d { XCTAssertTrue(b.first == 0x1B || b.first == 0x9B || b.first == 0xC2) }
                    produced += 1
                }
            }
            XCTAssertLessThanOrEqual(produced, fed)
        }
    }
}
