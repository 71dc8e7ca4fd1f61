import Render

/// A backend that draws into memory, for tests: the cells on screen, every image written, and which image
/// pixels a real terminal would still show.
///
/// It models what terminals do with image pixels: writing a cell removes them under that cell and, since
/// the cell writer may clear to the end of the line instead of writing blanks, to the right of it on its
/// row; repainting a row or clearing the screen removes them from the whole row or screen.
public final class TestBackend: ScreenBackend {
    /// One image write: the cells it covers and its bytes.
    public struct ImageWrite: Equatable, Sendable {
        public var area: Rect
        public var bytes: [UInt8]
    }

    public private(set) var screen: CellBuffer
    /// The images written since the last `resetCounts`, in order.
    public private(set) var imageWrites: [ImageWrite] = []
    /// The bytes of every image ever written (what `imageCells` refers to).
    private var written: [[UInt8]] = []
    /// The cells written and the screen clears since the last `resetCounts`.
    public private(set) var cellWrites = 0
    public private(set) var clears = 0
    /// The cells that show image pixels: the index of the image write that put them there.
    private var imageCells: [Int?]
    public var size: (width: Int, height: Int) { (screen.width, screen.height) }

    public init(width: Int, height: Int) {
        screen = CellBuffer(width: width, height: height)
        imageCells = Array(repeating: nil, count: width * height)
    }

    /// Changes the screen size (like a terminal resize): contents are kept where they fit, images are lost.
    public func resize(width: Int, height: Int) {
        screen.resize(width: width, height: height)
        imageCells = Array(repeating: nil, count: width * height)
    }

    public func draw(_ changes: [CellChange], clear: Bool, repaintRows: [Int]) {
        if clear {
            clears += 1
            screen.clear()
            for i in imageCells.indices { imageCells[i] = nil }
        }
        for change in changes {
            let p = change.position
            guard p.x >= 0, p.y >= 0, p.x < screen.width, p.y < screen.height else { continue }
            screen.fill(Rect(x: p.x, y: p.y, width: 1, height: 1), with: change.cell)
            cellWrites += 1
            for x in p.x..<screen.width { imageCells[p.y * screen.width + x] = nil }
        }
        for row in repaintRows where row >= 0 && row < screen.height {
            for x in 0..<screen.width { imageCells[row * screen.width + x] = nil }
        }
    }

    public func writeImage(_ bytes: [UInt8], in area: Rect) {
        imageWrites.append(ImageWrite(area: area, bytes: bytes))
        written.append(bytes)
        let id = written.count - 1
        for y in max(0, area.y)..<min(screen.height, area.maxY) {
            for x in max(0, area.x)..<min(screen.width, area.maxX) { imageCells[y * screen.width + x] = id }
        }
    }

    /// Whether every cell of `area` shows the pixels of an image with these bytes.
    public func showsImage(_ bytes: [UInt8], in area: Rect) -> Bool {
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                guard x >= 0, y >= 0, x < screen.width, y < screen.height,
                      let id = imageCells[y * screen.width + x], written[id] == bytes else { return false }
            }
        }
        return true
    }

    /// Whether any cell of `area` shows image pixels.
    public func showsAnyImage(in area: Rect) -> Bool {
        for y in max(0, area.y)..<min(screen.height, area.maxY) {
            for x in max(0, area.x)..<min(screen.width, area.maxX) where imageCells[y * screen.width + x] != nil {
                return true
            }
        }
        return false
    }

    /// The screen as lines of text.
    public var lines: [String] { screen.textLines() }

    /// Forgets the writes counted so far (the screen stays).
    public func resetCounts() {
        imageWrites.removeAll()
        cellWrites = 0
        clears = 0
    }
}
