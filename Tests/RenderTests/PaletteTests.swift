import Foundation
import XCTest
@testable import Render

final class PaletteTests: XCTestCase {
    /// CIELAB of an sRGB colour (D65).
    func lab(_ c: (UInt8, UInt8, UInt8)) -> (Double, Double, Double) {
        func linear(_ v: UInt8) -> Double {
            let x = Double(v) / 255
            return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        }
        let r = linear(c.0), g = linear(c.1), b = linear(c.2)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    func deltaE(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Double {
        let p = lab(a), q = lab(b)
        return ((p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1) + (p.2 - q.2) * (p.2 - q.2)).squareRoot()
    }

    func testCategoricalColoursAreWellSeparatedAndVisibleOnBlack() {
        let colors = Palette.categoricalRGB
        XCTAssertGreaterThanOrEqual(colors.count, 10)
        for i in colors.indices {
            for j in colors.indices where j < i {
                XCTAssertGreaterThanOrEqual(deltaE(colors[i], colors[j]), 20, "classes \(j) and \(i)")
            }
            XCTAssertGreaterThan(lab(colors[i]).0, 50, "class \(i) too dark for a black background")
        }
    }

    func testTruecolorAnd256FormsAgreeAndDiffer() {
        let t = Palette(depth: .truecolor), p = Palette(depth: .indexed256)
        var seen = Set<Color>()
        for k in 0..<Palette.categoricalRGB.count {
            guard case .indexed(let i) = p.classColor(k), case .rgb(let r, let g, let b) = t.classColor(k) else {
                return XCTFail("class \(k): \(p.classColor(k)) / \(t.classColor(k))")
            }
            XCTAssertTrue(XTermPalette.rgb(of: i) == (r, g, b), "class \(k) is an exact cube entry")
            seen.insert(p.classColor(k))
        }
        XCTAssertEqual(seen.count, Palette.categoricalRGB.count)
    }

    func testLowDepthsAndThePastTwelveRule() {
        let c16 = Palette(depth: .ansi16), c8 = Palette(depth: .ansi8)
        XCTAssertEqual(Set((0..<12).map { c16.classColor($0) }).count, 12)
        XCTAssertEqual(Set((0..<12).map { c8.classColor($0) }).count, 12)
        XCTAssertEqual(c8.classColor(12), c8.classColor(0))
        XCTAssertEqual(Palette(depth: .mono).classColor(3), .default)
        XCTAssertEqual(c16.classColor(-1), .default)
        // Past 12 classes: golden-ratio hues, distinct from each other and from the fixed ones.
        let many = (0..<40).map { Palette.classRGB($0) }
        for i in 12..<40 {
            XCTAssertFalse(many[..<i].contains { $0 == many[i] }, "class \(i) repeats a colour")
        }
        XCTAssertEqual(Palette(depth: .truecolor).classColor(20), .rgb(many[20].0, many[20].1, many[20].2))
    }

    func testViridisIsOrderedByLightness() {
        XCTAssertTrue(Palette.viridis(0) == (68, 1, 84))
        XCTAssertTrue(Palette.viridis(1) == (253, 231, 37))
        XCTAssertTrue(Palette.viridis(-3) == Palette.viridis(0))
        XCTAssertTrue(Palette.viridis(.nan) == Palette.viridis(0))
        var previous = -1.0
        for k in 0...50 {
            let l = lab(Palette.viridis(Float(k) / 50)).0
            XCTAssertGreaterThan(l, previous, "lightness at \(k)/50")
            previous = l
        }
        XCTAssertEqual(Palette(depth: .indexed256).scoreColor(1), Color.rgb(253, 231, 37).downgraded(to: .indexed256))
        XCTAssertEqual(Palette(depth: .ansi8).scoreColor(0), .indexed(4))
        XCTAssertEqual(Palette(depth: .ansi8).scoreColor(1), .indexed(3))
        XCTAssertEqual(Palette(depth: .mono).scoreColor(0.5), .default)
    }

    func testFixedColours() {
        XCTAssertEqual(Palette(depth: .truecolor).greyed, .rgb(88, 88, 88))
        XCTAssertEqual(Palette(depth: .indexed256).greyed, Color.rgb(88, 88, 88).downgraded(to: .indexed256))
        XCTAssertEqual(Palette(depth: .mono).highlight, .default)
    }
}
