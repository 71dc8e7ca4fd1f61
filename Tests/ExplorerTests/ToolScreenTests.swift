import Foundation
import XCTest
@testable import Explorer
import LatentSpace
import Render

/// The tool modes on the default bundle at 120×40: golden screens and the properties behind them.
final class ToolScreenTests: XCTestCase {
    private func explorer() throws -> Explorer { try DefaultBundle.explorer() }

    private func run(_ messages: [Message]) throws -> (Explorer, AppState) {
        let e = try explorer()
        var state = e.initialState(width: 120, height: 40)
        for m in messages { _ = e.update(&state, m) }
        return (e, state)
    }

    private func keys(_ s: String) -> [Message] { s.map { .key(.character($0)) } }
    private let far: [Message] = Array(repeating: .key(.character("L")), count: 4) + Array(repeating: .key(.character("K")), count: 2)

    func testInterpolationScreenAndPath() throws {
        let (e, state) = try run(keys("a") + far + keys("bi") + [.key(.right), .key(.right)])
        XCTAssertEqual(state.mode, .interpolate)
        XCTAssertEqual(state.interpolation.frame, 2)
        XCTAssertEqual(state.interpolation.pathCoordinates.count, 16, "8 steps projected onto the plot")
        // PCA paths are exact: the ends are the marked points' coordinates.
        guard case .point(let a)? = state.markA else { return XCTFail("A is a point") }
        XCTAssertEqual(state.interpolation.pathCoordinates[0], state.coordinates[2 * a], accuracy: 1e-4)
        GoldenScreen.assertMatches(e.view(state).buffer, "interpolate")
        var s = state
        _ = e.update(&s, .key(.character("]")))
        XCTAssertEqual(s.interpolation.steps, 9)
        for _ in 0..<40 { _ = e.update(&s, .key(.character("["))) }
        XCTAssertEqual(s.interpolation.steps, 2)
        _ = e.update(&s, .key(.character("l")))
        XCTAssertTrue(s.interpolation.spherical)
    }

    func testInterpolationBetweenClassMeans() throws {
        let (e, state) = try run(keys("A") + far + keys("Bi"))
        guard case .classMean(let c)? = state.markA else { return XCTFail("A is a class mean") }
        let codes = e.interpolationCodes(state)
        XCTAssertEqual(codes.first, e.context.classMeans[c])
    }

    func testSlidersAtTheOwnValueReproduceTheReconstruction() throws {
        let (e, state) = try run(keys("s"))
        let s = try XCTUnwrap(state.sliders)
        XCTAssertEqual(s.code, e.context.encoding.code(s.origin))
        XCTAssertEqual(e.context.decodedValues(s.code), e.context.decodedValues(e.context.encoding.code(s.origin)))
        GoldenScreen.assertMatches(e.view(state).buffer, "sliders")

        var moved = state
        let dim = e.sliderOrder(s)[0]
        _ = e.update(&moved, .key(.right))
        XCTAssertEqual(moved.sliders!.code[dim], s.code[dim] + 0.1 * e.context.stats.std[dim], accuracy: 1e-5)
        _ = e.update(&moved, .key(.shiftLeft))
        XCTAssertEqual(moved.sliders!.code[dim], s.code[dim] - 0.9 * e.context.stats.std[dim], accuracy: 1e-4)
        XCTAssertNotEqual(moved.sliders!.ghost, state.sliders!.ghost, "the ghost point moves")
        _ = e.update(&moved, .key(.character("z")))
        XCTAssertEqual(moved.sliders!.code[dim], 0)
        _ = e.update(&moved, .key(.character("r")))
        XCTAssertEqual(moved.sliders!.code, s.code)
        _ = e.update(&moved, .key(.character("a")))
        XCTAssertEqual(e.sliderOrder(moved.sliders!), e.context.stats.byActivity)
    }

    func testTraversalGrid() throws {
        let (e, state) = try run(keys("d"))
        XCTAssertEqual(state.mode, .traversal)
        let text = e.view(state).buffer.textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("-3σ") && text.contains("+3σ"))
        let first = e.traversalOrder[0]
        XCTAssertTrue(text.contains("z\(first + 1) σ"), "the most active dimension comes first")
        GoldenScreen.assertMatches(e.view(state).buffer, "traversal")
    }

    func testOutlierListIsSortedAndMatchesTheHeadlessRanking() throws {
        let (e, state) = try run(keys("o") + [.key(.down), .key(.down)])
        let list = e.outlierList(state)
        let scores = e.context.outlierScores(.recon)
        XCTAssertEqual(list.count, 50)
        XCTAssertTrue(zip(list, list.dropFirst()).allSatisfy { scores[$0] >= scores[$1] })
        XCTAssertEqual(list, OutlierScores.ranking(e.context.encoding.reconstructionError!, top: 50))
        XCTAssertEqual(state.current, list[2], "the selection follows the list")
        GoldenScreen.assertMatches(e.view(state).buffer, "outliers")
        var knn = state
        _ = e.update(&knn, .key(.character("k")))
        XCTAssertEqual(knn.outliers.method, .knn)
        XCTAssertEqual(knn.current, e.outlierList(knn)[0])
    }

    func testSearch() throws {
        let (e, state) = try run(keys("/#1234") + [.key(.enter)])
        XCTAssertEqual(state.current, 1234)
        XCTAssertEqual(e.matches(for: "snea")?.count, 1000)
        XCTAssertEqual(e.matches(for: "worst")?.first, e.outlierList(state).first)
        XCTAssertEqual(e.matches(for: "#99999"), [])
        var s = state
        for m in keys("/trou") + [.key(.enter), .key(.character("n"))] { _ = e.update(&s, m) }
        XCTAssertEqual(e.context.className(e.context.classes[s.current!]), "Trouser")
        XCTAssertEqual(s.search.index, 1)
    }

    func testSessionRoundTrip() throws {
        let (e, state) = try run(keys("a") + far + keys("b3s") + [.key(.right)])
        let session = Session(state: state, bundle: "models/fashion-mnist-vae")
        let decoded = try JSONDecoder().decode(Session.self, from: Data(session.encoded().utf8))
        XCTAssertEqual(decoded, session)
        let restored = e.restore(decoded, width: 120, height: 40)
        XCTAssertEqual(restored.markA, state.markA)
        XCTAssertEqual(restored.markB, state.markB)
        XCTAssertEqual(restored.hiddenClasses, [3])
        XCTAssertEqual(restored.sliders?.code, state.sliders?.code)
        XCTAssertEqual(restored.viewport, state.viewport)
        var bad = session
        bad.markA = .point(99_999)
        bad.sliders?.code = [1, 2]
        let safe = e.restore(bad, width: 120, height: 40)
        XCTAssertNil(safe.markA, "an index outside the data is dropped")
        XCTAssertNil(safe.sliders)
    }
}
