import XCTest
import Explorer
import Render
@testable import TerminalUI

/// Which images are sent, sent again or cleared after which cell changes.
final class ImagePlacementPlannerTests: XCTestCase {
    private let input = PlacedImage(area: Rect(x: 80, y: 4, width: 18, height: 9), bytes: Array("input".utf8))
    private let recon = PlacedImage(area: Rect(x: 100, y: 4, width: 18, height: 9), bytes: Array("recon".utf8))

    private func plan(_ previous: [PlacedImage]?, _ current: [PlacedImage], _ changes: [(Int, Int)] = []) -> ImagePlan {
        ImagePlacementPlanner.plan(previous: previous, current: current, changes: changes.map { Position(x: $0.0, y: $0.1) },
                                   height: 40)
    }

    func testFullRepaintSendsEveryImage() {
        XCTAssertEqual(plan(nil, [input, recon]), ImagePlan(repaintRows: [], send: [0, 1]))
    }

    func testUnchangedFrameSendsNothing() {
        XCTAssertEqual(plan([input, recon], [input, recon]), ImagePlan())
    }

    func testProgressRedrawOnOtherRowsSendsNothing() {
        // A t-SNE frame that changes the plot below the images and the title.
        XCTAssertEqual(plan([input, recon], [input, recon], [(10, 20), (40, 30), (0, 0), (70, 39)]), ImagePlan())
    }

    func testPlotChangeOnAnImageRowSendsTheImagesToItsRight() {
        // The cell writer may erase from a changed plot cell to the end of the row: both images are at risk.
        XCTAssertEqual(plan([input, recon], [input, recon], [(30, 6)]).send, [0, 1])
    }

    func testChangeBetweenTheImagesSendsOnlyTheOneToItsRight() {
        XCTAssertEqual(plan([input, recon], [input, recon], [(99, 5)]).send, [1])
    }

    func testChangeRightOfEveryImageSendsNothing() {
        XCTAssertEqual(plan([input, recon], [input, recon], [(119, 5)]).send, [])
    }

    /// The next point's sample on the same cells paints over the old one: no rows repainted, the other image kept
    /// (repainting the rows cost about 3.5 KB of plot cells per cursor step at 120×40).
    func testChangedImageIsSentOverTheOldOneAndTheOtherKept() {
        let next = PlacedImage(area: recon.area, bytes: Array("recon 2".utf8))
        XCTAssertEqual(plan([input, recon], [input, next]), ImagePlan(repaintRows: [], send: [1]))
        // On other cells, the old one's rows are repainted.
        let moved = PlacedImage(area: Rect(x: recon.area.x, y: recon.area.y + 1, width: recon.area.width,
                                           height: recon.area.height), bytes: recon.bytes)
        XCTAssertEqual(plan([input, recon], [input, moved]).repaintRows, Array(4..<13))
    }

    func testRemovedImageRowsAreRepainted() {
        // An overlay (help) or a mode switch takes the images away: their pixels must be painted over.
        let p = plan([input, recon], [])
        XCTAssertEqual(p.repaintRows, Array(4..<13))
        XCTAssertEqual(p.send, [])
    }

    func testMovedImageRepaintsOldRowsAndIsSent() {
        let moved = PlacedImage(area: Rect(x: 80, y: 20, width: 18, height: 9), bytes: input.bytes)
        let p = plan([input], [moved])
        XCTAssertEqual(p.repaintRows, Array(4..<13))
        XCTAssertEqual(p.send, [0])
    }

    func testRepaintedRowResendsAnImageOnIt() {
        // The other image shares the rows of the one that went away: repainting them clears it too.
        let p = plan([input, recon], [recon])
        XCTAssertEqual(p.repaintRows, Array(4..<13))
        XCTAssertEqual(p.send, [0])
    }

    func testRowsOutsideTheScreenAreNotRepainted() {
        let low = PlacedImage(area: Rect(x: 0, y: 36, width: 4, height: 8), bytes: [1])
        XCTAssertEqual(plan([low], []).repaintRows, [36, 37, 38, 39])
    }

    // MARK: - Kitty graphics

    private let kittyInput = PlacedImage(area: Rect(x: 80, y: 4, width: 18, height: 9), bytes: Array("k-input".utf8),
                                         layer: .kitty(id: 5))

    func testKittyImagesSurviveCellChanges() {
        // Above the text: a plot change on its rows does not erase it.
        XCTAssertEqual(plan([kittyInput], [kittyInput], [(30, 6), (85, 6)]), ImagePlan())
    }

    func testGoneKittyImageIsDeletedNotRepainted() {
        let p = ImagePlacementPlanner.plan(previous: [kittyInput], kittyOnScreen: [5], current: [], changes: [], height: 40)
        XCTAssertEqual(p, ImagePlan(repaintRows: [], delete: [5], send: []))
    }

    func testChangedKittyImageReplacesByIDWithoutDelete() {
        let next = PlacedImage(area: kittyInput.area, bytes: Array("k-input 2".utf8), layer: .kitty(id: 5))
        let p = ImagePlacementPlanner.plan(previous: [kittyInput], kittyOnScreen: [5], current: [next], changes: [], height: 40)
        XCTAssertEqual(p, ImagePlan(send: [0]))
    }

    func testFullRepaintDeletesStaleKittyIDs() {
        let p = ImagePlacementPlanner.plan(previous: nil, kittyOnScreen: [5, 9], current: [kittyInput], changes: [], height: 40)
        XCTAssertEqual(p, ImagePlan(delete: [9], send: [0]))
    }
}
