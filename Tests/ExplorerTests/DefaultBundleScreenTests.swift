import Foundation
import XCTest
@testable import Explorer
import LatentSpace
import Render
import Tensors

/// The default bundle's explorer with fixed display options, loaded once for all tests (encoding 10,000 images
/// takes seconds in a debug build).
enum DefaultBundle {
    nonisolated(unsafe) static var shared: Explorer?
    static let lock = NSLock()

    static func explorer() throws -> Explorer {
        lock.lock()
        defer { lock.unlock() }
        if let e = shared { return e }
        let bundle = try ModelBundle.load(DefaultBundleScreenTests.repository.appendingPathComponent("models/fashion-mnist-vae"))
        let cache = AnalysisCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("latent-explorer-tests"))
        let display = DisplayOptions(canvas: .braille, images: .blocks, colors: .indexed256,
                                     cellSize: PixelSize(width: 10, height: 20))
        let e = Explorer(context: try ExplorerLoader.load(bundle: bundle, display: display, cache: cache))
        shared = e
        return e
    }
}

/// Golden screens of the default bundle at 120×40, after scripted messages.
final class DefaultBundleScreenTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func explorer() throws -> Explorer { try DefaultBundle.explorer() }

    private func run(_ messages: [Message], width: Int = 120, height: Int = 40) throws -> (Explorer, AppState) {
        var driver = ExplorerDriver(explorer: try explorer(), width: width, height: height, runsProjections: false)
        for m in messages { driver.send(m) }
        return (driver.explorer, driver.state)
    }

    private func keys(_ s: String) -> [Message] { s.map { .key(.character($0)) } }

    func testStart() throws {
        let (e, state) = try run([])
        let screen = e.view(state).buffer
        GoldenScreen.assertMatches(screen, "start")
        let text = screen.textLines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Fashion-MNIST VAE, 16-d latent"))
        for name in ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"] {
            XCTAssertTrue(text.contains(name), name)
        }
    }

    func testCursorMoved() throws {
        let (e, state) = try run([.key(.right), .key(.right), .key(.up), .key(.character("L"))])
        GoldenScreen.assertMatches(e.view(state).buffer, "cursor-moved")
        XCTAssertNotEqual(state.hover, 0)
    }

    func testSelected() throws {
        let (e, state) = try run([.key(.left), .key(.enter)])
        XCTAssertNotNil(state.selection)
        GoldenScreen.assertMatches(e.view(state).buffer, "selected")
    }

    func testClassToggled() throws {
        let (e, state) = try run(keys("3"))
        XCTAssertEqual(state.hiddenClasses, [3])
        GoldenScreen.assertMatches(e.view(state).buffer, "class-3-hidden")
    }

    func testPCAAxes3And4() throws {
        let (e, state) = try run(keys("xy"))
        XCTAssertEqual(state.projection, .pca(x: 2, y: 3))
        GoldenScreen.assertMatches(e.view(state).buffer, "pca-3-4")
    }

    func testFinishedTSNE() throws {
        let coordinates = try NPY.read(Self.repository.appendingPathComponent("Tests/Fixtures/explorer/tsne_fashion_vae.npy")).floatValues()
        let (e, state) = try run(keys("t") + [.projection(.tsne, .finished(coordinates: coordinates, kl: 1.8468))])
        XCTAssertEqual(state.projection, .learned(.tsne))
        GoldenScreen.assertMatches(e.view(state).buffer, "tsne-finished")
    }

    func testHelpOverlay() throws {
        let (e, state) = try run(keys("?"))
        GoldenScreen.assertMatches(e.view(state).buffer, "help")
    }

    func testTooSmall() throws {
        let (e, state) = try run([], width: 59, height: 19)
        let screen = e.view(state).buffer
        GoldenScreen.assertMatches(screen, "too-small-59x19")
        XCTAssertTrue(screen.textLines().joined().contains("terminal too small (needs 60×20)"))
    }

    func testEveryScreenSizeFromMinimumToLargeDraws() throws {
        let e = try explorer()
        for (w, h) in [(60, 20), (80, 24), (200, 60), (400, 120)] {
            var driver = ExplorerDriver(explorer: e, width: w, height: h)
            driver.send(.key(.right))
            let frame = driver.frame
            XCTAssertEqual(frame.buffer.width, w)
            let text = frame.buffer.textLines().joined(separator: "\n")
            XCTAssertFalse(text.contains("too small"), "\(w)×\(h)")
            XCTAssertTrue(text.contains("BROWSE"), "\(w)×\(h): status line")
        }
    }
}
