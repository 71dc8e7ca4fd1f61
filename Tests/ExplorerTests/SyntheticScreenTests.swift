import XCTest
@testable import Explorer
import Render
import LatentSpace

/// Golden screens of every mode on the synthetic model (100×30, half-block images), and what the driver did to
/// get there.
final class SyntheticScreenTests: XCTestCase {
    private func driver(_ keys: String = "", jobs: Bool = false, anomalyClasses: [String]? = nil) throws -> ExplorerDriver {
        let jobsTable: [ProjectionMethod: ProjectionJob] = jobs ? [.tsne: SyntheticContext.fakeTSNE(count: 60)] : [:]
        let context = try SyntheticContext.make(display: DisplayOptions(canvas: .braille, images: .blocks,
                                                                        colors: .indexed256, cellSize: PixelSize(width: 10, height: 20)),
                                                jobs: jobsTable, withModel: true, anomalyClasses: anomalyClasses)
        var d = ExplorerDriver(explorer: Explorer(context: context), width: 100, height: 30)
        d.type(keys)
        return d
    }

    private func text(_ d: ExplorerDriver) -> String { d.frame.buffer.textLines().joined(separator: "\n") }

    func testBrowse() throws {
        let d = try driver()
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-browse")
        XCTAssertTrue(text(d).contains("reconstruction"))
        XCTAssertFalse(text(d).contains("decoding…"), "the startup work was carried out")
    }

    func testHelpOverEveryMode() throws {
        let d = try driver("?")
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-help")
        for line in Keymap.overlayLines(for: .browse).prefix(10) {
            XCTAssertTrue(text(d).contains(line.trimmingCharacters(in: .whitespaces).prefix(30)), line)
        }
        let sliders = try driver("s?")
        XCTAssertTrue(text(sliders).contains("sliders keys"), text(sliders))
        XCTAssertTrue(text(sliders).contains("move the dimension by −0.1σ / +0.1σ"))
    }

    func testInterpolation() throws {
        var d = try driver("a")
        d.send(Array(repeating: Key.character("L"), count: 3))
        d.type("bi")
        d.send([.right, .right])
        guard case .interpolation(let tool) = d.state.mode else { return XCTFail("\(d.state.mode)") }
        XCTAssertEqual(tool.frame, 2)
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-interpolation")
        XCTAssertTrue(text(d).contains("frame 3/8 · linear · nearest #"), text(d))
        d.type("m")
        XCTAssertTrue(text(d).contains("spherical"))
    }

    func testSliders() throws {
        var d = try driver("s")
        d.send([.down, .right, .right])
        guard case .sliders(let s) = d.state.mode else { return XCTFail("\(d.state.mode)") }
        XCTAssertEqual(s.row, 1)
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-sliders")
        XCTAssertTrue(text(d).contains("ghost ○ nearest #"))
    }

    func testTraversal() throws {
        var d = try driver("d")
        d.send([.right, .right])
        guard case .traversal(let t) = d.state.mode else { return XCTFail("\(d.state.mode)") }
        XCTAssertEqual(t.column, 5)
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-traversal")
        XCTAssertTrue(text(d).contains("▸+2σ"), text(d))
        XCTAssertTrue(text(d).contains("at +2σ"))
    }

    /// With an anomaly class, the list's header gives the ROC AUC and average precision of the score shown,
    /// computed by the work that scored the points (the kNN table) or with the context (reconstruction errors).
    func testOutliersScoredAgainstAnAnomalyClass() throws {
        var d = try driver("o", anomalyClasses: ["gamma"])
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-outliers-scored")
        let context = d.explorer.context
        let flags = context.classes.map { $0 == 2 }
        XCTAssertEqual(context.anomalies, flags)
        let recon = try XCTUnwrap(RankingQuality.measure(scores: context.encoding.reconstructionError!, isAnomaly: flags))
        XCTAssertEqual(context.reconstructionTable?.quality, recon)
        XCTAssertTrue(text(d).contains(String(format: "ROC AUC %.2f · AP %.2f (gamma)", recon.rocAUC, recon.averagePrecision)),
                      text(d))
        d.type("m")
        let knn = try XCTUnwrap(d.explorer.outlierTable(.knn, d.state)?.quality)
        XCTAssertNotEqual(knn, recon)
        XCTAssertTrue(text(d).contains(String(format: "ROC AUC %.2f · AP %.2f (gamma)", knn.rocAUC, knn.averagePrecision)),
                      text(d))
        // Without anomaly classes there is no header line.
        XCTAssertFalse(text(try driver("o")).contains("ROC AUC"))
        XCTAssertNil(OutlierList.qualityLine(recon, anomalyClasses: []))
        XCTAssertEqual(OutlierList.qualityLine(nil, anomalyClasses: ["a", "b"]), "ROC AUC – · AP – (a, b)")
    }

    func testOutliers() throws {
        var d = try driver("o")
        d.send([.down, .down])
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-outliers")
        guard case .outliers(let tool) = d.state.mode else { return XCTFail("\(d.state.mode)") }
        let ranking = d.explorer.context.reconstructionTable!.ranking
        XCTAssertEqual(d.state.current, ranking[tool.row], "the cursor follows the list")
        d.type("m")
        XCTAssertTrue(text(d).contains("latent 10-NN distance"))
        d.send(.key(.enter))
        XCTAssertEqual(d.state.mode, .browse)
        XCTAssertNotNil(d.state.selection, "Enter goes to the point and pins it")
    }

    func testSearch() throws {
        let d = try driver("/gam")
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-search")
        XCTAssertTrue(text(d).contains("/gam▏"))
        var found = d
        found.send(.key(.enter))
        XCTAssertEqual(found.explorer.context.classes[found.state.current!], 2)
        XCTAssertEqual(found.state.searchResults?.matches.count, 20)
        found.type("n")
        XCTAssertEqual(found.state.searchResults?.index, 1)
        var quit = d
        quit.type("q")
        XCTAssertTrue(quit.effects.isEmpty, "q is typed into a search, it does not quit")
        if case .search(let s) = quit.state.mode { XCTAssertEqual(s.query, "gamq") } else { XCTFail("still searching") }
    }

    func testABackgroundProjectionAnimatesAndFinishes() throws {
        var d = try driver(jobs: true)
        d.runsProjections = false
        d.type("t")
        XCTAssertEqual(d.effects, [.startProjection(.tsne)])
        XCTAssertTrue(text(d).contains("t-SNE starting (Esc cancels)"), text(d))
        d.send(.projection(.tsne, .neighbors(done: 30, total: 60)))
        XCTAssertTrue(text(d).contains("t-SNE nearest neighbours 30/60"))
        GoldenScreen.assertMatches(d.frame.buffer, "synthetic-tsne-searching")
        var full = try driver("t", jobs: true)
        XCTAssertEqual(full.state.runs[.tsne]?.phase, .finished)
        XCTAssertEqual(full.state.coordinates.prefix(4), [0, 0, 1, 1])
        XCTAssertTrue(text(full).contains("t-SNE KL 1.500"), text(full))
        full.type("pt")
        XCTAssertTrue(full.effects.isEmpty, "a finished embedding is shown again, not recomputed")
    }
}
