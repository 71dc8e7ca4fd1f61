import Foundation
import XCTest
@testable import Explorer
import LatentSpace
import Render

/// The explorer on autoencoders shaped as people export them (Tests/Fixtures/exported): golden screens of
/// browsing, the sliders and the traversal grid, and what the direction and channel sliders do to a code.
final class ExportedModelScreenTests: XCTestCase {
    private static let folder = DefaultBundleScreenTests.repository.appendingPathComponent("Tests/Fixtures/exported")

    private func explorer(_ name: String) throws -> Explorer {
        let bundle = try ModelBundle.load(Self.folder.appendingPathComponent(name))
        let display = DisplayOptions(canvas: .braille, images: .blocks, colors: .indexed256, cellSize: PixelSize(width: 10, height: 20))
        return Explorer(context: try ExplorerLoader.load(bundle: bundle, display: display, cache: AnalysisCache(directory: nil)))
    }

    private func driver(_ name: String, _ keys: String = "") throws -> ExplorerDriver {
        var d = ExplorerDriver(explorer: try explorer(name), width: 120, height: 40)
        d.type(keys)
        return d
    }

    private func sliders(_ d: ExplorerDriver) throws -> SlidersState {
        guard case .sliders(let s) = d.state.mode else { throw XCTSkip("not in the sliders") }
        return s
    }

    func testBrowsingEachFamily() throws {
        for name in ["kl-vae", "vq", "keras", "lstm"] {
            let d = try driver(name)
            GoldenScreen.assertMatches(d.frame.buffer, "exported-\(name)")
        }
        let title = try driver("kl-vae").frame.buffer.textLines()[0]
        XCTAssertTrue(title.contains("vae · 4×8×8 (256 values) latent"), title)
    }

    /// Above 64 values the sliders move along principal directions, labelled with their share of the variance;
    /// a nudge moves the code along the first direction only.
    func testDirectionSlidersOnASpatialLatent() throws {
        var d = try driver("kl-vae", "s")
        let e = d.explorer
        XCTAssertEqual(e.sliderAxes(try sliders(d)), .principal)
        let lines = d.frame.buffer.textLines().joined(separator: "\n")
        XCTAssertTrue(lines.contains("principal directions,"), lines)
        XCTAssertTrue(lines.contains("PC1 "), lines)
        GoldenScreen.assertMatches(d.frame.buffer, "exported-kl-vae-sliders")

        let before = try sliders(d).code
        d.type("L")
        let after = try sliders(d).code
        let sigma = e.axisSigma(.principal, 0)
        XCTAssertGreaterThan(sigma, 0)
        XCTAssertEqual(e.axisValue(.principal, 0, of: after).value - e.axisValue(.principal, 0, of: before).value, sigma,
                       accuracy: 1e-3 * sigma)
        XCTAssertEqual(e.axisValue(.principal, 1, of: after).value, e.axisValue(.principal, 1, of: before).value,
                       accuracy: 1e-3 * sigma, "the directions are orthogonal")
        XCTAssertNotNil(d.state.work[.decode(codes: after, count: 1)], "the edit was decoded")

        // c: one slider per channel, a uniform shift of that channel's 64 values.
        d.type("c")
        XCTAssertEqual(e.sliderAxes(try sliders(d)), .channels)
        XCTAssertEqual(e.sliderOrder(try sliders(d)).count, 4)
        GoldenScreen.assertMatches(d.frame.buffer, "exported-kl-vae-channels")
        let start = try sliders(d).code
        d.type("jl")
        let shifted = try sliders(d).code
        let delta = zip(shifted, start).map { $0 - $1 }
        XCTAssertTrue(delta[0..<64].allSatisfy { $0 == 0 } && delta[128...].allSatisfy { $0 == 0 }, "only channel 2 moves")
        XCTAssertTrue(delta[64..<128].allSatisfy { abs($0 - delta[64]) < 1e-6 && $0 > 0 }, "channel 2 moves uniformly")
        d.type("p")
        XCTAssertEqual(e.sliderAxes(try sliders(d)), .principal)
        d.type("p")
        XCTAssertEqual(e.sliderAxes(try sliders(d)), .dimensions)
        XCTAssertEqual(e.sliderOrder(try sliders(d)).count, 256)
    }

    /// Up to 64 values, one slider per dimension; `p` switches to directions. A flat latent has no channels.
    func testDimensionSlidersUpTo64Values() throws {
        var d = try driver("vq", "s")
        XCTAssertEqual(d.explorer.sliderAxes(try sliders(d)), .dimensions)
        d.type("p")
        XCTAssertEqual(d.explorer.sliderAxes(try sliders(d)), .principal)
        var lstm = try driver("lstm", "s")
        GoldenScreen.assertMatches(lstm.frame.buffer, "exported-lstm-sliders")
        lstm.type("c")
        XCTAssertEqual(lstm.explorer.sliderAxes(try sliders(lstm)), .dimensions)
        XCTAssertEqual(lstm.state.status, "channel sliders need a spatial latent (C × …)")
    }

    func testTraversalAlongPrincipalDirections() throws {
        var d = try driver("kl-vae", "d")
        guard case .traversal(let t) = d.state.mode else { return XCTFail("traversal") }
        XCTAssertEqual(d.explorer.traversalAxes(t), .principal)
        let text = d.frame.buffer.textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("rows: principal directions") && text.contains("PC1 "), text)
        GoldenScreen.assertMatches(d.frame.buffer, "exported-kl-vae-traversal")
        // The middle column is the point itself.
        let codes = d.explorer.traversalCodes(t, dimension: 0)
        let d0 = d.explorer.context.latentDim
        XCTAssertEqual(Array(codes[(3 * d0)..<(4 * d0)]), d.explorer.context.encoding.code(t.origin))
        d.type("c")
        guard case .traversal(let c) = d.state.mode else { return XCTFail("traversal") }
        XCTAssertEqual(d.explorer.traversalAxes(c), .channels)
    }
}
