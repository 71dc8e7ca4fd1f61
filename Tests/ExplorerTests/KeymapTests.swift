import XCTest
@testable import Explorer

/// Every binding is declared once in the keymap, and everything that lists keys comes from it.
final class KeymapTests: XCTestCase {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// The README's key table is the keymap's (regenerate it with `latent keys --markdown`).
    func testTheReadmeKeyTableIsTheKeymaps() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "<!-- keys:begin -->\n"), "README has no key table markers")
        let end = try XCTUnwrap(readme.range(of: "\n<!-- keys:end -->"))
        XCTAssertEqual(String(readme[start.upperBound..<end.lowerBound]), Keymap.markdownTable,
                       "README.md's key table differs from the keymap: run `latent keys --markdown`")
    }

    func testNoKeyHasTwoActionsInAMode() {
        for mode in ModeKind.allCases {
            var seen: [Key: Action] = [:]
            for binding in Keymap.bindings where binding.modes.contains(mode) {
                for (key, action) in binding.keys {
                    if let other = seen[key] { XCTFail("\(mode): \(key) is bound to \(other) and \(action)") }
                    seen[key] = action
                }
            }
        }
    }

    /// The table the issue asked for, key by key.
    func testTheBindingsPerMode() {
        func action(_ key: Key, _ mode: ModeKind) -> Action? { Keymap.action(for: key, in: mode) }
        for mode in [ModeKind.browse, .interpolation, .sliders, .traversal, .outliers] {
            XCTAssertEqual(action(.character("q"), mode), .quit)
            XCTAssertEqual(action(.escape, mode), .back)
            XCTAssertEqual(action(.character("?"), mode), .help)
        }
        XCTAssertNil(action(.character("q"), .search), "q is typed while searching")
        XCTAssertEqual(action(.character("h"), .interpolation), .stepBack)
        XCTAssertEqual(action(.character("l"), .interpolation), .stepForward)
        XCTAssertEqual(action(.character("m"), .interpolation), .switchMethod)
        XCTAssertEqual(action(.character("j"), .outliers), .stepForward)
        XCTAssertEqual(action(.character("k"), .outliers), .stepBack)
        XCTAssertEqual(action(.character("m"), .outliers), .switchMethod)
        XCTAssertEqual(action(.enter, .outliers), .goToPoint)
        XCTAssertEqual(action(.character("k"), .sliders), .dimensionUp)
        XCTAssertEqual(action(.character("L"), .sliders), .nudge(sigmas: 1))
        XCTAssertEqual(action(.character("a"), .sliders), .sortByActivity)
        XCTAssertEqual(action(.character("j"), .traversal), .scrollDown)
        XCTAssertEqual(action(.character("l"), .traversal), .columnRight)
        XCTAssertEqual(action(.character(")"), .browse), .toggleClass(0))
        XCTAssertEqual(action(.character("9"), .browse), .toggleClass(9))
        XCTAssertEqual(action(.character("t"), .browse), .project(.tsne))
        XCTAssertEqual(action(.character("u"), .browse), .project(.umap))
        for (c, tool) in [("i", Tool.interpolation), ("s", .sliders), ("d", .traversal), ("o", .outliers), ("/", .search)] {
            XCTAssertEqual(action(.character(Character(c)), .browse), .open(tool))
        }
    }

    /// Each mode's hints, help and the command help name its keys.
    func testHintsHelpAndCommandHelpComeFromTheBindings() {
        XCTAssertEqual(Keymap.hints(in: .interpolation), "h/l frame · [/] steps · m linear/spherical · q quit · Esc back · ? help")
        XCTAssertFalse(Keymap.hints(in: .browse).contains("Esc"))
        for mode in ModeKind.allCases where mode != .help {
            let lines = Keymap.overlayLines(for: mode)
            for binding in Keymap.bindings where binding.modes == [mode] {
                XCTAssertTrue(lines.contains { $0.contains(binding.help) }, "\(mode) help lacks \(binding.label)")
                XCTAssertTrue(Keymap.commandHelp.contains("\(binding.label) \(binding.help)"), binding.label)
            }
        }
    }
}
