import XCTest
import Explorer
import Render
@testable import TerminalUI

/// The screen writer on the test backend, which models how terminals lose image pixels: after every frame,
/// every image of the frame is whole on screen and no image pixels are left where the frame has none.
final class ScreenWriterTests: XCTestCase {
    private func frame(width: Int = 40, height: Int = 12, text: [(Int, Int, String)] = [], images: [PlacedImage] = []) -> Frame {
        var buffer = CellBuffer(width: width, height: height)
        for (x, y, s) in text { buffer.write(s, x: x, y: y) }
        return Frame(buffer: buffer, images: images)
    }

    private func assertShown(_ frame: Frame, on backend: TestBackend, file: StaticString = #filePath, line: UInt = #line) {
        for image in frame.images {
            XCTAssertTrue(backend.showsImage(image.bytes, in: image.area), "image at \(image.area) not whole", file: file, line: line)
        }
        for y in 0..<frame.buffer.height {
            for x in 0..<frame.buffer.width where !frame.images.contains(where: { $0.area.contains(Position(x: x, y: y)) }) {
                XCTAssertFalse(backend.showsAnyImage(in: Rect(x: x, y: y, width: 1, height: 1)),
                               "stale image pixels at (\(x), \(y))", file: file, line: line)
            }
        }
        XCTAssertEqual(backend.lines, frame.buffer.textLines(), file: file, line: line)
    }

    func testCursorStepsProgressAndHelpKeepImagesWhole() {
        let backend = TestBackend(width: 40, height: 12)
        let writer = ScreenWriter(backend: backend)
        let a = PlacedImage(area: Rect(x: 24, y: 2, width: 6, height: 4), bytes: [1])
        let b = PlacedImage(area: Rect(x: 32, y: 2, width: 6, height: 4), bytes: [2])
        let frames = [
            frame(text: [(0, 0, "title"), (3, 3, "*")], images: [a, b]),
            frame(text: [(0, 0, "title"), (4, 3, "*")], images: [a, b]),           // cursor step on an image row
            frame(text: [(0, 0, "title 2"), (4, 9, "*")], images: [a, b]),          // progress on other rows
            frame(text: [(0, 0, "title 2"), (2, 2, "help help help help help help help")]),  // overlay
            frame(text: [(0, 0, "title 2"), (4, 9, "*")], images: [a, b]),          // overlay closed
            frame(text: [(0, 0, "title 2")], images: [PlacedImage(area: a.area, bytes: [3]), b]),  // new sample
            frame(text: [(0, 0, "traversal")], images: [PlacedImage(area: Rect(x: 2, y: 3, width: 4, height: 2), bytes: [4]), b]),
        ]
        for f in frames {
            writer.draw(f)
            assertShown(f, on: backend)
        }
    }

    func testUnchangedFrameWritesNothing() {
        let backend = TestBackend(width: 40, height: 12)
        let writer = ScreenWriter(backend: backend)
        let f = frame(text: [(0, 0, "title")], images: [PlacedImage(area: Rect(x: 24, y: 2, width: 6, height: 4), bytes: [1])])
        writer.draw(f)
        backend.resetCounts()
        writer.draw(f)
        XCTAssertEqual(backend.imageWrites.count, 0)
        XCTAssertEqual(backend.cellWrites, 0)
    }

    func testResizeAndInvalidateRepaintEverything() {
        let backend = TestBackend(width: 40, height: 12)
        let writer = ScreenWriter(backend: backend)
        let image = PlacedImage(area: Rect(x: 24, y: 2, width: 6, height: 4), bytes: [1])
        writer.draw(frame(images: [image]))
        backend.resize(width: 50, height: 14)
        let bigger = frame(width: 50, height: 14, text: [(0, 0, "wider")], images: [image])
        backend.resetCounts()
        writer.draw(bigger)
        XCTAssertEqual(backend.clears, 1)
        assertShown(bigger, on: backend)
        writer.invalidate()
        backend.resetCounts()
        writer.draw(bigger)
        XCTAssertEqual(backend.clears, 1)
        XCTAssertEqual(backend.imageWrites.count, 1)
        assertShown(bigger, on: backend)
    }

    /// Random frames (text and images moving, appearing, changing): the screen always matches the frame.
    func testRandomFramesStayConsistent() {
        var seed: UInt64 = 99
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let backend = TestBackend(width: 30, height: 10)
        let writer = ScreenWriter(backend: backend)
        for _ in 0..<300 {
            var images: [PlacedImage] = []
            for _ in 0..<next(3) {
                let w = 1 + next(6), h = 1 + next(4)
                let area = Rect(x: next(30 - w), y: next(10 - h), width: w, height: h)
                guard !images.contains(where: { !$0.area.intersection(area).isEmpty }) else { continue }
                images.append(PlacedImage(area: area, bytes: [UInt8(next(3))]))
            }
            var text: [(Int, Int, String)] = []
            for _ in 0..<next(6) {
                let p = (next(30), next(10))
                if !images.contains(where: { $0.area.contains(Position(x: p.0, y: p.1)) }) { text.append((p.0, p.1, "x")) }
            }
            if next(20) == 0 { writer.invalidate() }
            let f = frame(width: 30, height: 10, text: text, images: images)
            writer.draw(f)
            assertShown(f, on: backend)
        }
    }

    /// Kitty images: an overlay deletes them (kitty would draw them over it) and closing it sends them again.
    func testKittyImagesAreDeletedUnderAnOverlayAndComeBack() {
        let backend = TestBackend(width: 40, height: 12)
        let writer = ScreenWriter(backend: backend)
        let area = Rect(x: 24, y: 2, width: 6, height: 4)
        let id = PlacedImage.kittyID(for: area)
        let image = PlacedImage(area: area, bytes: Array("\u{1B}_Ga=T,i=\(id),p=1;AAAA\u{1B}\\".utf8), layer: .kitty(id: id))
        let frames = [frame(images: [image]), frame(text: [(3, 3, "x")], images: [image]),
                      frame(text: [(2, 2, "help help help help help help help")]), frame(images: [image])]
        var writes: [Int] = []
        for f in frames {
            backend.resetCounts()
            writer.draw(f)
            assertShown(f, on: backend)
            writes.append(backend.imageWrites.count)
        }
        XCTAssertEqual(writes, [1, 0, 1, 1], "sent, kept, deleted, sent again")
    }
}
