import Foundation
import XCTest
@testable import Explorer
import LatentSpace
import Render

/// The tool modes on the default bundle at 120×40: golden screens and the properties behind them.
final class ToolScreenTests: XCTestCase {
    private func explorer() throws -> Explorer { try DefaultBundle.explorer() }

    private func run(_ messages: [Message]) throws -> ExplorerDriver {
        var driver = ExplorerDriver(explorer: try explorer(), width: 120, height: 40)
        for m in messages { driver.send(m) }
        return driver
    }

    private func keys(_ s: String) -> [Message] { s.map { .key(.character($0)) } }
    private let far: [Message] = Array(repeating: .key(.character("L")), count: 4) + Array(repeating: .key(.character("K")), count: 2)

    private func placedPath(_ d: ExplorerDriver) -> [Float]? {
        let codes = d.explorer.interpolationCodes(d.state)
        return d.explorer.placed(codes.flatMap { $0 }, rows: codes.count, d.state)
    }

    func testInterpolationScreenAndPath() throws {
        let d = try run(keys("a") + far + keys("bi") + [.key(.right), .key(.right)])
        XCTAssertEqual(d.state.mode, .interpolation(InterpolationState(frame: 2)))
        let path = try XCTUnwrap(placedPath(d))
        XCTAssertEqual(path.count, 16, "8 steps projected onto the plot")
        // PCA paths are exact: the ends are the marked points' coordinates.
        guard case .point(let a)? = d.state.markA else { return XCTFail("A is a point") }
        XCTAssertEqual(path[0], d.state.coordinates[2 * a], accuracy: 1e-4)
        GoldenScreen.assertMatches(d.frame.buffer, "interpolate")
        var s = d
        s.type("]")
        XCTAssertEqual(s.state.interpolation.steps, 9)
        s.type(String(repeating: "[", count: 40))
        XCTAssertEqual(s.state.interpolation.steps, 2)
        s.type("m")
        XCTAssertTrue(s.state.interpolation.spherical)
        s.type("l")
        XCTAssertEqual(s.state.mode, .interpolation(InterpolationState(frame: 1)), "l steps forward")
    }

    func testInterpolationBetweenClassMeans() throws {
        let d = try run(keys("A") + far + keys("Bi"))
        guard case .classMean(let c)? = d.state.markA else { return XCTFail("A is a class mean") }
        let codes = d.explorer.interpolationCodes(d.state)
        XCTAssertEqual(codes.first, d.explorer.context.classMeans[c])
    }

    func testSlidersAtTheOwnValueReproduceTheReconstruction() throws {
        let d = try run(keys("s"))
        guard case .sliders(let s) = d.state.mode else { return XCTFail("sliders") }
        let e = d.explorer
        XCTAssertEqual(s.code, e.context.encoding.code(s.origin))
        GoldenScreen.assertMatches(d.frame.buffer, "sliders")

        var moved = d
        let dim = e.sliderOrder(s)[0]
        func sliders(_ d: ExplorerDriver) -> SlidersState {
            if case .sliders(let s) = d.state.mode { return s }
            XCTFail("not in sliders")
            return s
        }
        let ghost = e.placed(s.code, rows: 1, d.state)
        moved.send(.key(.right))
        XCTAssertEqual(sliders(moved).code[dim], s.code[dim] + 0.1 * e.context.stats.std[dim], accuracy: 1e-5)
        moved.send(.key(.shiftLeft))
        XCTAssertEqual(sliders(moved).code[dim], s.code[dim] - 0.9 * e.context.stats.std[dim], accuracy: 1e-4)
        XCTAssertNotEqual(e.placed(sliders(moved).code, rows: 1, moved.state), ghost, "the ghost point moves")
        moved.type("z")
        XCTAssertEqual(sliders(moved).code[dim], 0)
        moved.type("r")
        XCTAssertEqual(sliders(moved).code, s.code)
        moved.type("a")
        XCTAssertEqual(e.sliderOrder(sliders(moved)), e.context.stats.byActivity)
    }

    func testTraversalGrid() throws {
        let d = try run(keys("d"))
        guard case .traversal = d.state.mode else { return XCTFail("traversal") }
        let text = d.frame.buffer.textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("-3σ") && text.contains("+3σ"))
        let first = d.explorer.traversalOrder[0]
        XCTAssertTrue(text.contains("z\(first + 1) σ"), "the most active dimension comes first")
        GoldenScreen.assertMatches(d.frame.buffer, "traversal")
    }

    func testOutlierListIsSortedAndMatchesTheHeadlessRanking() throws {
        let d = try run(keys("o") + [.key(.down), .key(.down)])
        let e = d.explorer
        let table = try XCTUnwrap(e.outlierTable(.recon, d.state))
        let list = table.ranking
        XCTAssertEqual(list.count, 50)
        XCTAssertTrue(zip(list, list.dropFirst()).allSatisfy { table.scores[$0] >= table.scores[$1] })
        XCTAssertEqual(list, OutlierScores.ranking(e.context.encoding.reconstructionError!, top: 50))
        XCTAssertEqual(d.state.current, list[2], "the selection follows the list")
        GoldenScreen.assertMatches(d.frame.buffer, "outliers")
        var knn = d
        knn.type("m")
        guard case .outliers(let tool) = knn.state.mode else { return XCTFail("outliers") }
        XCTAssertEqual(tool.method, .knn)
        XCTAssertEqual(knn.state.current, e.outlierTable(.knn, knn.state)?.ranking[0])
    }

    func testSearch() throws {
        let d = try run(keys("/#1234") + [.key(.enter)])
        let e = d.explorer
        XCTAssertEqual(d.state.current, 1234)
        XCTAssertEqual(e.matches(for: "snea")?.count, 1000)
        XCTAssertEqual(e.matches(for: "worst")?.first, e.context.reconstructionTable?.ranking.first)
        XCTAssertEqual(e.matches(for: "#99999"), [])
        var s = d
        for m in keys("/trou") + [.key(.enter), .key(.character("n"))] { s.send(m) }
        XCTAssertEqual(e.context.className(e.context.classes[s.state.current!]), "Trouser")
        XCTAssertEqual(s.state.searchResults?.index, 1)
    }

    func testSessionRoundTrip() throws {
        let d = try run(keys("a") + far + keys("b3s") + [.key(.right)])
        let e = d.explorer
        let session = Session(state: d.state, bundle: "models/fashion-mnist-vae")
        let decoded = try JSONDecoder().decode(Session.self, from: Data(session.encoded().utf8))
        XCTAssertEqual(decoded, session)
        let restored = e.restore(decoded, width: 120, height: 40)
        XCTAssertEqual(restored.markA, d.state.markA)
        XCTAssertEqual(restored.markB, d.state.markB)
        XCTAssertEqual(restored.hiddenClasses, [3])
        XCTAssertEqual(restored.mode, d.state.mode, "back in sliders with the same edit")
        XCTAssertEqual(restored.viewport, d.state.viewport)
        var bad = session
        bad.markA = .point(99_999)
        bad.sliders?.code = [1, 2]
        let safe = e.restore(bad, width: 120, height: 40)
        XCTAssertNil(safe.markA, "an index outside the data is dropped")
        XCTAssertEqual(safe.mode, .browse)
    }
}
