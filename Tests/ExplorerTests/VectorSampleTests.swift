import Foundation
import XCTest
@testable import Explorer
@testable import LatentSpace
import Render
import Tensors

/// Bundles whose samples are vectors (tabular rows, spectra) show them as line charts wherever images go.
final class VectorSampleTests: XCTestCase {
    private let length = 24

    /// The synthetic clusters with a vector sample per point: a sine wave whose phase depends on the point.
    private func explorer(display: DisplayOptions = DisplayOptions()) throws -> Explorer {
        let base = try SyntheticContext.make()
        var values: [Float] = []
        for i in 0..<base.count {
            for j in 0..<length { values.append(sin(Float(j) / 3 + Float(i))) }
        }
        let data = DataSet(samples: try Tensor(shape: [base.count, length], floats: values), labels: base.classes,
                           sample: .init(type: .vector, shape: [length], range: -1...1), scale: 1)
        let context = ExplorerContext(name: "Vectors", kind: .ae, encoding: base.encoding, classes: base.classes,
                                      classNames: base.classNames, classesAreClusters: false, pca: base.pca,
                                      display: display, model: nil, data: data)
        return Explorer(context: context)
    }

    /// The text of the sample pane's rows below its header.
    private func samplePane(_ e: Explorer, _ state: AppState) -> [String] {
        let area = Layout(width: 120, height: 40, classCount: 3).sample
        let lines = e.view(state).buffer.textLines()
        return lines[(area.y + 3)..<area.maxY].map { String($0.dropFirst(area.x).prefix(area.width)) }
    }

    func testTheInputIsDrawnAsALineChart() throws {
        let e = try explorer()
        var state = e.initialState(width: 120, height: 40)
        let frame = e.view(state)
        XCTAssertTrue(frame.images.isEmpty)
        GoldenScreen.assertMatches(frame.buffer, "vector_sample")
        let pane = samplePane(e, state)
        XCTAssertTrue(pane.joined().unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille dots")
        XCTAssertFalse(pane.joined().contains("no images"))
        // Another point has another phase: the chart changes with the cursor.
        _ = e.update(&state, .key(.right))
        _ = e.update(&state, .key(.right))
        XCTAssertNotEqual(samplePane(e, state), pane)
    }

    func testChartsUseTheDisplaysCanvas() throws {
        let e = try explorer(display: DisplayOptions(canvas: .character, images: .ascii, colors: .mono))
        let pane = samplePane(e, e.initialState(width: 120, height: 40)).joined()
        XCTAssertFalse(pane.unicodeScalars.contains { $0.value > 0x7F }, "ASCII only")
        XCTAssertTrue(pane.contains { ".:+*#".contains($0) }, "character dots")
    }
}
