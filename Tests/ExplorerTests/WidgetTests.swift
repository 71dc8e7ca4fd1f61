import XCTest
@testable import Explorer
import LatentSpace
import Render

/// Each pane draws into its own area of a frame, alone.
final class WidgetTests: XCTestCase {
    private let theme = Theme(colors: .indexed256)

    private func render(_ widget: some Widget, in area: Rect, screen: (Int, Int) = (40, 12)) -> Frame {
        var frame = Frame(width: screen.0, height: screen.1)
        widget.render(in: area, into: &frame)
        return frame
    }

    /// Nothing outside `area` is touched.
    private func assertInside(_ frame: Frame, _ area: Rect, file: StaticString = #filePath, line: UInt = #line) {
        for y in 0..<frame.buffer.height {
            for x in 0..<frame.buffer.width where !area.contains(Position(x: x, y: y)) {
                XCTAssertEqual(frame.buffer[x, y], .blank, "cell \(x),\(y) outside \(area)", file: file, line: line)
            }
        }
        for image in frame.images {
            XCTAssertEqual(image.area.intersection(area), image.area, file: file, line: line)
        }
    }

    func testLegendListsClassesInItsArea() {
        let area = Rect(x: 5, y: 2, width: 30, height: 5)
        let frame = render(Legend(heading: "Classes", names: ["alpha", "beta", "gamma", "delta", "eps", "zeta"],
                                  counts: [1, 2, 3, 4, 5, 6], hidden: [1], canvas: .braille, theme: theme), in: area)
        assertInside(frame, area)
        let text = frame.buffer.textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("1 beta") && text.contains("hidden"), text)
        XCTAssertFalse(text.contains("zeta"), "rows past the area are left out")
    }

    func testOutlierListSaysWhileScoringThenRanks() {
        let area = Rect(x: 2, y: 1, width: 36, height: 6)
        let waiting = render(OutlierList(title: "top", table: nil, row: 0, classes: [0, 1], className: { "c\($0)" }, theme: theme),
                             in: area)
        XCTAssertTrue(waiting.buffer.textLines().joined().contains("scoring every point…"))
        let table = OutlierTable(scores: [0.1, 0.9], percentiles: [0, 100], ranking: [1, 0])
        let frame = render(OutlierList(title: "top", table: table, row: 1, classes: [0, 1], className: { "c\($0)" }, theme: theme),
                           in: area)
        assertInside(frame, area)
        let lines = frame.buffer.textLines()
        XCTAssertTrue(lines[2].contains("1 #1") && lines[2].contains("0.9000"), lines[2])
        XCTAssertEqual(frame.buffer[area.x, 3].style.attributes, .reverse, "the highlighted rank")
    }

    func testSliderRowsMarkTheRowAndStayInside() {
        let stats = DimensionStats(codes: [0, 0, 2, 2, 4, 4], dimensions: 2)
        let code: [Float] = [2, 4]
        let rows = (0..<2).map { SliderRows.Row(label: "z\($0 + 1)", value: code[$0], mean: stats.mean[$0], sigma: stats.std[$0], inactive: false) }
        let area = Rect(x: 1, y: 1, width: 38, height: 4)
        let frame = render(SliderRows(title: "dimensions", rows: rows, selected: 1, theme: theme), in: area)
        assertInside(frame, area)
        let lines = frame.buffer.textLines()
        XCTAssertTrue(lines[2].contains("z1") && lines[3].contains("z2"))
        XCTAssertTrue(lines[3].contains("●"))
    }

    func testSamplePanelsPlaceImagesInTheirSlotsAndSayWhatIsPending() {
        let images = SampleImages(display: DisplayOptions(images: .sixel, cellSize: PixelSize(width: 10, height: 20)),
                                  sample: .init(type: .image, shape: [1, 8, 8]), cache: EncodedImageCache())
        let area = Rect(x: 3, y: 2, width: 30, height: 8)
        let frame = render(SamplePanels(panels: [("input", .values([Float](repeating: 0.5, count: 64))), ("out", .pending)],
                                        images: images, theme: theme), in: area)
        assertInside(frame, area)
        XCTAssertEqual(frame.images.count, 1)
        XCTAssertTrue(frame.buffer.textLines().joined().contains("decoding…"))
    }

    func testTheHelpOverlayTakesTheImagesUnderItAway() {
        var frame = Frame(width: 60, height: 20)
        frame.images = [PlacedImage(area: Rect(x: 25, y: 8, width: 4, height: 2), bytes: [1]),
                        PlacedImage(area: Rect(x: 0, y: 0, width: 2, height: 1), bytes: [2])]
        let lines = ["keys", "  q  quit the explorer, restoring the terminal"]
        HelpOverlay(lines: lines, terminal: "images: sixel", theme: theme).render(in: Rect(x: 0, y: 0, width: 60, height: 20),
                                                                                into: &frame)
        XCTAssertEqual(frame.images.map(\.bytes), [[2]])
        XCTAssertTrue(frame.buffer.textLines().joined().contains("images: sixel"))
    }

    func testTextBarIsClippedToItsRow() {
        let area = Rect(x: 0, y: 3, width: 10, height: 1)
        let frame = render(TextBar(text: "a very long status line", style: theme.status), in: area)
        assertInside(frame, area)
        XCTAssertEqual(frame.buffer.textLines()[3], "a very lon" + String(repeating: " ", count: 30))
    }
}
