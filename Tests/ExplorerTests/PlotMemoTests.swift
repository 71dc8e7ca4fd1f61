import XCTest
@testable import Explorer
import Render

/// The plot's kept point layer and point grid never show a stale plot: after every key, a frame drawn by an
/// explorer that kept them equals one drawn by a fresh explorer (nothing kept) from the same state.
final class PlotMemoTests: XCTestCase {
    func testKeptLayerAndGridGiveTheFramesOfAFreshExplorer() throws {
        let context = try SyntheticContext.make(perClass: 40, display: DisplayOptions(images: .blocks))
        var driver = ExplorerDriver(explorer: Explorer(context: context), width: 100, height: 30)
        // cursor steps (layer kept), a class hidden and greyed, zoom, pan past the edge, PCA axes, outlier colours
        for key in ["l", "j", "2", "g", "g", "2", "+", "+", "L", "L", "L", "L", "0", "x", "y", "p", "o", "j", "m", "\u{1B}", "h"] {
            driver.type(key)
            _ = driver.frame
            let fresh = Explorer(context: try SyntheticContext.make(perClass: 40, display: DisplayOptions(images: .blocks)))
            XCTAssertEqual(driver.frame.buffer, fresh.view(driver.state).buffer, "after '\(key)'")
            var state = driver.state
            fresh.updateHover(&state)
            XCTAssertEqual(state.hover, driver.state.hover, "the point under the cursor after '\(key)'")
        }
    }
}
