import XCTest
@testable import Explorer
import LatentSpace
import Render

/// Heavy work goes through effects: `update` and `view` run no model, a redraw of an unchanged state decodes
/// nothing, and results are kept by what they depend on.
final class WorkTests: XCTestCase {
    private func setUp(_ keys: String = "") throws -> (ExplorerDriver, CountingModel) {
        let model = CountingModel(dimensions: 4)
        let context = try SyntheticContext.make(display: DisplayOptions(images: .blocks), model: model)
        var d = ExplorerDriver(explorer: Explorer(context: context), width: 100, height: 30)
        d.type(keys)
        return (d, model)
    }

    func testRedrawingAnUnchangedStateDecodesNothing() throws {
        for keys in ["", "s", "d", "ablllbi", "o", "?"] {
            let (d, model) = try setUp(keys)
            let before = model.decodeCalls
            XCTAssertGreaterThan(before, 0, "'\(keys)': the screen needed decodes")
            for _ in 0..<5 { _ = d.frame }
            XCTAssertEqual(model.decodeCalls, before, "'\(keys)': view decoded")
        }
    }

    func testUpdateAsksForWorkAndRunsNone() throws {
        let (d, model) = try setUp("s")
        var state = d.state
        let before = model.decodeCalls
        let effects = d.explorer.update(&state, .key(.right))
        XCTAssertEqual(model.decodeCalls, before, "update ran no model")
        guard case .sliders(let s) = state.mode else { return XCTFail("sliders") }
        let asked = effects.compactMap { e -> Work? in if case .work(let o) = e { return o.work } else { return nil } }
        XCTAssertTrue(asked.contains(.decode(codes: s.code, count: 1)), "\(asked)")
        XCTAssertTrue(asked.contains(.nearest(code: s.code)))
        XCTAssertTrue(state.work.pending.contains(.decode(codes: s.code, count: 1)))
        // Asking again before the result is back asks for nothing new.
        XCTAssertEqual(d.explorer.update(&state, .resize(width: 100, height: 30)), [.redrawAll])
        // The screen says it is decoding until the result arrives.
        XCTAssertTrue(d.explorer.view(state).buffer.textLines().joined().contains("decoding…"))
    }

    func testASliderStepDecodesOnlyTheNewCode() throws {
        var (d, model) = try setUp("s")
        let before = model.decodedSamples
        d.send(.key(.right))
        XCTAssertEqual(model.decodedSamples, before + 1, "the edited code, once; the original is kept")
        d.send(.key(.left))
        XCTAssertEqual(model.decodedSamples, before + 1, "back to a code decoded before: kept")
    }

    func testFailedWorkIsSaidInTheStatusLine() throws {
        struct Failing: ExplorerModel {
            var canDecode: Bool { true }
            var sample: ModelBundle.Sample? { .init(type: .image, shape: [1, 8, 8]) }
            func decode(_ codes: [Float], count: Int) throws -> [Float] {
                throw BundleError(file: "/m/decoder.onnx", "the decoder produced NaN or infinity")
            }
        }
        let context = try SyntheticContext.make(display: DisplayOptions(images: .blocks), model: Failing())
        var d = ExplorerDriver(explorer: Explorer(context: context), width: 100, height: 30)
        let status = d.frame.buffer.textLines().last ?? ""
        XCTAssertTrue(status.contains("cannot decode: decoder.onnx: the decoder produced NaN"), status)
        d.send(.key(.right))
        XCTAssertTrue((d.frame.buffer.textLines().last ?? "").contains("cannot decode"))
    }

    func testStoreKeepsWhatIsNeededAndForgetsTheOldest() {
        var store = WorkStore()
        let needed = Work.nearest(code: [0])
        XCTAssertEqual(store.schedule([needed]), [needed])
        XCTAssertEqual(store.schedule([needed]), [], "pending work is not asked for twice")
        store.store(needed, .index(3), needed: [needed])
        for i in 0..<(WorkStore.spare + 10) { store.store(.nearest(code: [Float(i + 1)]), .index(i), needed: [needed]) }
        XCTAssertEqual(store[needed], .index(3), "needed results stay")
        XCTAssertEqual(store.results.count, WorkStore.spare + 1)
        XCTAssertNil(store[.nearest(code: [1])], "the oldest unneeded result went")
    }
}
