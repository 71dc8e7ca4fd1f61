import XCTest
@testable import Explorer
import Render

/// Sixel images are sized in whole cells from the state's cell size and never leave their pane, whatever the
/// cell size; a new cell size (a font change) re-sizes them.
final class ImageFitTests: XCTestCase {
    /// The `"Pan;Pad;Ph;Pv` raster attributes of a sixel image: its size in pixels.
    private func rasterSize(_ sixel: [UInt8]) -> PixelSize? {
        guard let quote = sixel.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        let tail = sixel[(quote + 1)...].prefix { $0 == UInt8(ascii: ";") || ($0 >= 48 && $0 <= 57) }
        let numbers = String(decoding: tail, as: UTF8.self).split(separator: ";").compactMap { Int($0) }
        return numbers.count == 4 ? PixelSize(width: numbers[2], height: numbers[3]) : nil
    }

    private func assertImagesFit(_ driver: ExplorerDriver, _ what: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        let frame = driver.frame
        let layout = driver.explorer.layoutFor(driver.state)
        let cell = driver.state.display.cellSize
        XCTAssertFalse(frame.images.isEmpty, "\(what): no images", file: file, line: line)
        for image in frame.images {
            // The right column (sample pane and legend: the tools draw their strips there) or the plot pane.
            let right = Rect(x: layout.sample.x, y: layout.sample.y, width: layout.sample.width,
                             height: layout.legend.maxY - layout.sample.y)
            let panes = [right, layout.plotPane]
            XCTAssertTrue(panes.contains { $0.intersection(image.area) == image.area },
                          "\(what): image at \(image.area) leaves its pane", file: file, line: line)
            guard let size = rasterSize(image.bytes) else {
                XCTFail("\(what): no raster attributes", file: file, line: line)
                continue
            }
            XCTAssertEqual(size.width, image.area.width * cell.width, "\(what): width in whole cells", file: file, line: line)
            XCTAssertLessThanOrEqual(size.height, image.area.height * cell.height, "\(what): height", file: file, line: line)
            XCTAssertGreaterThan(size.height, (image.area.height - 1) * cell.height, "\(what): height", file: file, line: line)
        }
    }

    func testEveryToolAtManyCellSizes() throws {
        let explorer = try DefaultBundle.explorer()
        for cell in [PixelSize(width: 8, height: 17), PixelSize(width: 10, height: 20), PixelSize(width: 7, height: 14),
                     PixelSize(width: 12, height: 24), PixelSize(width: 6, height: 13), PixelSize(width: 19, height: 38)] {
            var driver = ExplorerDriver(explorer: explorer, width: 120, height: 40)
            driver.send(.cellSize(cell, source: .tiocgwinsz))
            driver.state.display.images = .sixel
            assertImagesFit(driver, "browse at \(cell)")
            for (keys, name) in [("d", "traversal"), ("s", "sliders"), ("ablk" + "i", "interpolation")] {
                var s = driver
                s.send(.key(.escape))
                s.type(keys)
                assertImagesFit(s, "\(name) at \(cell)")
            }
        }
    }

    func testCellSizeMessageChangesTheDisplay() throws {
        let explorer = try DefaultBundle.explorer()
        var state = explorer.initialState(width: 120, height: 40)
        let effects = explorer.update(&state, .cellSize(PixelSize(width: 8, height: 17), source: .csi16t))
        XCTAssertEqual(effects.first, .redrawAll)
        XCTAssertEqual(state.display.cellSize, PixelSize(width: 8, height: 17))
        XCTAssertEqual(state.display.cellSizeSource, .csi16t)
        XCTAssertFalse(explorer.update(&state, .cellSize(PixelSize(width: 0, height: 17), source: .csi16t)).contains(.redrawAll))
        XCTAssertEqual(state.display.cellSize, PixelSize(width: 8, height: 17))
    }
}
