import XCTest
@testable import Explorer
import Render

final class UpdateTests: XCTestCase {
    private var explorer: Explorer!

    override func setUpWithError() throws {
        explorer = Explorer(context: try SyntheticContext.make())
    }

    private func start(_ width: Int = 120, _ height: Int = 40) -> AppState {
        explorer.initialState(width: width, height: height)
    }

    func testStartsOnTheFirstPointInPCA() {
        let state = start()
        XCTAssertEqual(state.projection, .pca(x: 0, y: 1))
        XCTAssertEqual(state.coordinates.count, 120)
        XCTAssertEqual(state.hover, 0)
        XCTAssertEqual(state.mode, .browse)
    }

    func testMovingTheCursorChangesTheNearestPoint() {
        var state = start()
        var seen: Set<Int> = [state.hover!]
        for _ in 0..<30 {
            _ = explorer.update(&state, .key(.right))
            if let h = state.hover { seen.insert(h) }
        }
        XCTAssertGreaterThan(seen.count, 1, "walking across the plot passes other points")
        let before = state.cursor
        _ = explorer.update(&state, .key(.character("L")))
        XCTAssertGreaterThan(state.cursor.x - before.x, 0, "capital letters move further")
    }

    func testEnterPinsAndUnpins() {
        var state = start()
        _ = explorer.update(&state, .key(.enter))
        XCTAssertEqual(state.selection, state.hover)
        _ = explorer.update(&state, .key(.enter))
        XCTAssertNil(state.selection)
    }

    func testHiddenClassesAreNotPicked() {
        var state = start()
        let firstClass = explorer.context.classes[state.hover!]
        _ = explorer.update(&state, .key(.character(firstClass == 0 ? ")" : Character(String(firstClass)))))
        XCTAssertTrue(state.hiddenClasses.contains(firstClass))
        XCTAssertNotEqual(explorer.context.classes[state.hover!], firstClass)
        _ = explorer.update(&state, .key(.character("9")))
        XCTAssertEqual(state.status, "there is no class 9 (classes 0–2)")
    }

    func testZoomAndFit() {
        var state = start()
        let fitted = state.viewport
        _ = explorer.update(&state, .key(.character("+")))
        XCTAssertEqual(state.viewport.unitsPerDotX, fitted.unitsPerDotX / 2, accuracy: 1e-12)
        _ = explorer.update(&state, .key(.character("-")))
        _ = explorer.update(&state, .key(.character("-")))
        XCTAssertEqual(state.viewport.unitsPerDotX, fitted.unitsPerDotX * 2, accuracy: 1e-12)
        _ = explorer.update(&state, .key(.character("0")))
        XCTAssertEqual(state.viewport, fitted)
    }

    func testPrincipalComponentAxesCycleWithoutRepeating() {
        var state = start()
        _ = explorer.update(&state, .key(.character("x")))
        XCTAssertEqual(state.projection, .pca(x: 2, y: 1))
        _ = explorer.update(&state, .key(.character("y")))
        XCTAssertEqual(state.projection, .pca(x: 2, y: 3))
        _ = explorer.update(&state, .key(.character("r")))
        XCTAssertEqual(state.projection, .pca(x: 2, y: 3), "raw axes need a 2-d latent")
        XCTAssertTrue(state.status?.contains("2-d latent") ?? false)
    }

    private func projecting() throws -> Explorer {
        Explorer(context: try SyntheticContext.make(jobs: [.tsne: SyntheticContext.fakeTSNE(count: 60)]))
    }

    /// A t-SNE result read from the cache has no KL divergence to show: the title says where it came from.
    func testACachedTSNESaysSoInTheTitle() throws {
        let line = (0..<60).flatMap { [Float($0), Float($0 % 7)] }
        let explorer = Explorer(context: try SyntheticContext.make(cachedProjections: [.tsne: line]))
        let state = explorer.initialState(width: 120, height: 40, projection: .learned(.tsne))
        XCTAssertEqual(state.projection, .learned(.tsne))
        let title = explorer.titleText(state)
        XCTAssertTrue(title.hasSuffix("t-SNE · from the cache"), title)
        XCTAssertFalse(title.contains("KL"), title)
    }

    /// Before its first iteration a t-SNE run searches nearest neighbours (seconds on 70,000 points): the title
    /// says how far it is, and Esc cancels it then too.
    func testTSNENeighbourSearchIsShownAndCancellable() throws {
        let explorer = try projecting()
        var state = explorer.initialState(width: 120, height: 40)
        _ = explorer.update(&state, .key(.character("t")))
        XCTAssertTrue(explorer.titleText(state).contains("t-SNE starting (Esc cancels)"), explorer.titleText(state))
        _ = explorer.update(&state, .projection(.tsne, .neighbors(done: 4096, total: 70000)))
        XCTAssertEqual(state.runs[.tsne]?.phase, .searching(done: 4096, total: 70000))
        XCTAssertTrue(explorer.titleText(state).contains("t-SNE nearest neighbours 4096/70000 (Esc cancels)"),
                      explorer.titleText(state))
        _ = explorer.update(&state, .key(.character("p")))
        XCTAssertTrue(explorer.titleText(state).contains("t-SNE running: nearest neighbours 4096/70000"),
                      explorer.titleText(state))
        XCTAssertEqual(explorer.update(&state, .key(.escape)), [.cancelProjection(.tsne)])
        _ = explorer.update(&state, .projection(.tsne, .cancelled))
        XCTAssertNil(state.runs[.tsne])
        XCTAssertEqual(state.status, "t-SNE cancelled")

        _ = explorer.update(&state, .key(.character("t")))
        _ = explorer.update(&state, .projection(.tsne, .neighbors(done: 70000, total: 70000)))
        _ = explorer.update(&state, .projection(.tsne, .progress(iteration: 10, total: 750, kl: nil,
                                                                 coordinates: [Float](repeating: 0, count: 120))))
        XCTAssertTrue(explorer.titleText(state).contains("t-SNE iteration 10/750"), explorer.titleText(state))
        _ = explorer.update(&state, .projection(.tsne, .neighbors(done: 5, total: 70000)))
        XCTAssertEqual(state.runs[.tsne]?.phase, .iterating(iteration: 10, total: 750),
                       "a late search report is ignored once iterations run")
    }

    func testTSNELifecycle() throws {
        let explorer = try projecting()
        var state = explorer.initialState(width: 120, height: 40)
        XCTAssertEqual(explorer.update(&state, .key(.character("t"))), [.startProjection(.tsne)])
        XCTAssertEqual(state.projection, .learned(.tsne))
        let coords = [Float](repeating: 1, count: 120)
        _ = explorer.update(&state, .projection(.tsne, .progress(iteration: 50, total: 750, kl: 2.5, coordinates: coords)))
        XCTAssertEqual(state.runs[.tsne]?.phase, .iterating(iteration: 50, total: 750))
        XCTAssertEqual(state.coordinates, coords, "the plot animates")
        XCTAssertEqual(explorer.update(&state, .key(.escape)), [.cancelProjection(.tsne)])
        _ = explorer.update(&state, .projection(.tsne, .cancelled))
        XCTAssertEqual(state.projection, .pca(x: 0, y: 1), "cancel returns to the previous view")

        _ = explorer.update(&state, .key(.character("t")))
        let done = (0..<120).map { Float($0) }
        _ = explorer.update(&state, .projection(.tsne, .finished(coordinates: done, kl: 1.25)))
        XCTAssertEqual(state.runs[.tsne]?.phase, .finished)
        XCTAssertEqual(state.runs[.tsne]?.kl, 1.25)
        _ = explorer.update(&state, .key(.character("p")))
        XCTAssertEqual(explorer.update(&state, .key(.character("t"))), [], "a finished embedding is reused")
        XCTAssertEqual(state.coordinates, done)
    }

    /// UMAP runs through the same job: its preparation step and epochs in the title, Esc cancels, t-SNE beside it.
    func testUMAPIsAnotherBackgroundProjection() throws {
        let job = ProjectionJob(method: .umap) { _, _ in nil }
        let explorer = Explorer(context: try SyntheticContext.make(jobs: [.umap: job, .tsne: SyntheticContext.fakeTSNE(count: 60)]))
        var state = explorer.initialState(width: 120, height: 40)
        XCTAssertEqual(explorer.update(&state, .key(.character("u"))), [.startProjection(.umap)])
        _ = explorer.update(&state, .projection(.umap, .preparing("spectral start", done: 2, total: 5)))
        XCTAssertTrue(explorer.titleText(state).contains("UMAP spectral start 2/5 (Esc cancels)"), explorer.titleText(state))
        _ = explorer.update(&state, .projection(.umap, .progress(iteration: 10, total: 200, kl: nil,
                                                                 coordinates: [Float](repeating: 2, count: 120))))
        XCTAssertTrue(explorer.titleText(state).contains("UMAP epoch 10/200"), explorer.titleText(state))
        XCTAssertEqual(state.coordinates.first, 2)
        XCTAssertEqual(explorer.update(&state, .key(.character("t"))), [.startProjection(.tsne)])
        XCTAssertTrue(explorer.titleText(state).contains("UMAP running: epoch 10/200"), explorer.titleText(state))
        XCTAssertEqual(explorer.update(&state, .key(.escape)), [.cancelProjection(.tsne), .cancelProjection(.umap)])
        _ = explorer.update(&state, .projection(.umap, .finished(coordinates: [Float](repeating: 3, count: 120), kl: nil)))
        XCTAssertEqual(state.runs[.umap]?.phase, .finished)
        XCTAssertEqual(Session(state: state, bundle: nil).projection, "tsne")
        _ = explorer.update(&state, .projection(.tsne, .cancelled))
        XCTAssertEqual(state.projection, .learned(.umap), "a cancelled t-SNE returns to the UMAP it was started from")
        XCTAssertEqual(ProjectionKind(tag: "umap"), .learned(.umap))
    }

    func testAFailedProjectionReturnsAndCanBeRetried() throws {
        let explorer = try projecting()
        var state = explorer.initialState(width: 120, height: 40)
        _ = explorer.update(&state, .key(.character("t")))
        _ = explorer.update(&state, .projection(.tsne, .failed("out of memory")))
        XCTAssertEqual(state.projection, .pca(x: 0, y: 1))
        XCTAssertEqual(state.status, "t-SNE failed: out of memory")
        XCTAssertEqual(explorer.update(&state, .key(.character("t"))), [.startProjection(.tsne)], "t tries again")
    }

    func testWithoutAJobTheProjectionSaysSo() {
        var state = start()
        XCTAssertEqual(explorer.update(&state, .key(.character("t"))), [])
        XCTAssertTrue(state.status?.contains("not available") ?? false)
    }

    func testNextAndPreviousStayInTheClass() {
        var state = start()
        let c = explorer.context.classes[state.hover!]
        var visited: [Int] = []
        for _ in 0..<3 {
            _ = explorer.update(&state, .key(.character("n")))
            visited.append(state.hover!)
        }
        XCTAssertTrue(visited.allSatisfy { explorer.context.classes[$0] == c })
        XCTAssertEqual(Set(visited).count, 3)
        _ = explorer.update(&state, .key(.character("N")))
        XCTAssertEqual(state.hover, visited[1])
    }

    func testClickSelectsTheNearestPoint() {
        var state = start()
        let layout = Layout(width: 120, height: 40, classCount: 3)
        let target = 45
        let cell = state.viewport.cell(x: Double(state.coordinates[2 * target]), y: Double(state.coordinates[2 * target + 1]),
                                       columns: layout.plot.width, rows: layout.plot.height, dotsPerCell: (2, 4))
        _ = explorer.update(&state, .click(column: layout.plot.x + cell.x, row: layout.plot.y + cell.y))
        XCTAssertNotNil(state.selection)
        XCTAssertEqual(explorer.context.classes[state.selection!], explorer.context.classes[target])
    }

    func testHelpQuitAndExport() {
        var state = start()
        _ = explorer.update(&state, .key(.character("?")))
        XCTAssertEqual(state.mode, .help(over: .browse))
        _ = explorer.update(&state, .key(.character("j")))
        XCTAssertEqual(state.mode, .browse, "any key closes the help")
        XCTAssertEqual(explorer.update(&state, .key(.character("q"))), [.quit])
        let effects = explorer.update(&state, .key(.character("e")))
        guard case .write(.coordinates(let tag), let contents)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(tag, "pca1-2")
        let path = "latent-pca1-2-1.csv"
        let lines = contents.split(separator: "\n")
        XCTAssertEqual(lines.first, "index,label,x,y")
        XCTAssertEqual(lines.count, 61)
        XCTAssertTrue(lines[1].hasPrefix("0,alpha,"))
        _ = explorer.update(&state, .written(.coordinates(tag: tag), path: path))
        XCTAssertEqual(state.status, "exported coordinates to \(path)")
    }
}

final class DisplayVariantTests: XCTestCase {
    func testClickingALegendRowTogglesThatClassInEitherColumn() throws {
        let explorer = Explorer(context: try SyntheticContext.make())
        var state = explorer.initialState(width: 120, height: 40)
        let layout = Layout(width: 120, height: 40, classCount: 3)
        let at = try XCTUnwrap(Legend.position(of: 2, in: layout.legend, classCount: 3))
        _ = explorer.update(&state, .click(column: at.x + 3, row: at.y))
        XCTAssertEqual(state.hiddenClasses, [2])
        // Twelve classes in a 200×30 screen's legend need two columns: the right column's rows are odd classes.
        let small = Layout(width: 200, height: 30, classCount: 12)
        XCTAssertEqual(Legend.columns(in: small.legend, classCount: 12).count, 2)
        let five = try XCTUnwrap(Legend.position(of: 5, in: small.legend, classCount: 12))
        XCTAssertEqual(small.legendClass(column: five.x + 1, row: five.y), 5)
        XCTAssertNil(small.legendClass(column: small.legend.x, row: small.legend.y), "the heading is no class")
    }

    func testMonochromeASCIITerminalsGetAPlainScreen() throws {
        let display = DisplayOptions(canvas: .character, images: .ascii, colors: .mono, cellSize: PixelSize(width: 10, height: 20))
        let explorer = Explorer(context: try SyntheticContext.make(display: display))
        let buffer = explorer.view(explorer.initialState(width: 100, height: 30)).buffer
        XCTAssertTrue(buffer.cells.allSatisfy { $0.foreground == .default && $0.background == .default }, "no colours")
        let text = buffer.textLines().joined()
        XCTAssertTrue(text.unicodeScalars.filter { $0.value >= 0x2800 && $0.value <= 0x28FF }.isEmpty, "no braille")
        XCTAssertTrue(text.contains("BROWSE") && text.contains("alpha"))
        XCTAssertTrue(buffer.cells.allSatisfy { $0.symbol.isASCII }, "ASCII only (no UTF-8): \(text.filter { !$0.isASCII })")
        XCTAssertTrue(text.contains("BROWSE | x "), "separators drawn in ASCII")
    }

    func testUTF8TerminalsKeepTheirSymbols() throws {
        let explorer = Explorer(context: try SyntheticContext.make())
        let text = explorer.view(explorer.initialState(width: 100, height: 30)).buffer.textLines().joined()
        XCTAssertTrue(text.contains("BROWSE │ x "), text)
    }

    /// At 60×20 and 80×24 the legend lists every class (a third of the height held only the first five).
    func testSmallScreensListEveryClassInTheLegend() {
        for (w, h) in [(60, 20), (80, 24), (100, 30), (120, 40)] {
            let layout = Layout(width: w, height: h, classCount: 10)
            for c in 0..<10 { XCTAssertNotNil(Legend.position(of: c, in: layout.legend, classCount: 10), "class \(c) at \(w)×\(h)") }
            XCTAssertGreaterThanOrEqual(layout.sample.height, Layout.minimumSampleHeight, "\(w)×\(h)")
            XCTAssertEqual(layout.legend.maxY, h - 1, "the legend ends above the status line")
        }
        // Too many classes for the height: the legend keeps to a third and the sample pane keeps its room.
        let crowded = Layout(width: 80, height: 24, classCount: 40)
        XCTAssertEqual(crowded.legend.height, 22 / 3)
        XCTAssertNil(Legend.position(of: 39, in: crowded.legend, classCount: 40))
    }
}
