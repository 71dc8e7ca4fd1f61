import Foundation
import XCTest
@testable import Explorer
import LatentSpace
import Render

/// A decoder that produces NaN: the explorer keeps running and says why the samples are missing in the status line.
final class DecodeFailureScreenTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bad_inputs")

    private func statusLine(_ driver: ExplorerDriver) -> String {
        driver.frame.buffer.textLines().last ?? ""
    }

    func testADecoderGivingNaNIsNamedInTheStatusLine() throws {
        let bundle = try ModelBundle.bringYourOwn(decoder: fixtures.appendingPathComponent("nan-decoder.onnx"),
                                                  latents: fixtures.appendingPathComponent("z.npy"))
        let display = DisplayOptions(canvas: .braille, images: .blocks, colors: .indexed256, cellSize: PixelSize(width: 10, height: 20))
        let explorer = Explorer(context: try ExplorerLoader.load(bundle: bundle, display: display, cache: AnalysisCache(directory: nil)))
        var driver = ExplorerDriver(explorer: explorer, width: 120, height: 40)
        let status = statusLine(driver)
        XCTAssertTrue(status.contains("cannot decode: nan-decoder.onnx: the decoder produced NaN or infinity"), status)
        // Still running: keys move the cursor, and the message stays while the decoder keeps failing.
        driver.send(.key(.right))
        XCTAssertTrue(statusLine(driver).contains("cannot decode"), statusLine(driver))
    }

    func testAWorkingExplorerShowsItsKeyHints() throws {
        let explorer = Explorer(context: try SyntheticContext.make(withModel: true))
        let status = statusLine(ExplorerDriver(explorer: explorer, width: 120, height: 40))
        XCTAssertFalse(status.contains("cannot decode"), status)
        XCTAssertTrue(status.contains("BROWSE"), status)
    }
}
