import Render

/// A backend that draws into memory, for tests: the cells on screen, every image written, and which image
/// pixels a real terminal would still show.
///
/// It models what terminals do with image pixels. Sixel: writing a cell removes them under that cell and,
/// since the cell writer may clear to the end of the line instead of writing blanks, to the right of it on its
/// row; repainting a row or clearing the screen removes them from the whole row or screen. Kitty graphics
/// (bytes starting `ESC _ G`): an image stays above the text until an image with its id replaces it, a delete
/// (`a=d`) names its id, or the screen is cleared.
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
    /// The cells that show sixel pixels: the index of the image write that put them there.
    private var imageCells: [Int?]
    /// The kitty images on screen by id: their cells and bytes.
    public private(set) var kittyImages: [UInt32: ImageWrite] = [:]
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
            kittyImages.removeAll()
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
        if let command = Self.kittyCommand(bytes) {
            guard let id = command.id else { return }
            if command.action == "d" { kittyImages[id] = nil } else { kittyImages[id] = ImageWrite(area: area, bytes: bytes) }
            return
        }
        written.append(bytes)
        let id = written.count - 1
        for y in max(0, area.y)..<min(screen.height, area.maxY) {
            for x in max(0, area.x)..<min(screen.width, area.maxX) { imageCells[y * screen.width + x] = id }
        }
    }

    /// Whether every cell of `area` shows the pixels of an image with these bytes.
    public func showsImage(_ bytes: [UInt8], in area: Rect) -> Bool {
        if Self.kittyCommand(bytes) != nil { return kittyImages.values.contains(ImageWrite(area: area, bytes: bytes)) }
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
        if kittyImages.values.contains(where: { !$0.area.intersection(area).isEmpty }) { return true }
        for y in max(0, area.y)..<min(screen.height, area.maxY) {
            for x in max(0, area.x)..<min(screen.width, area.maxX) where imageCells[y * screen.width + x] != nil {
                return true
            }
        }
        return false
    }

    /// The action (`a=`) and image id (`i=`) of a kitty graphics command, or nil for other bytes.
    static func kittyCommand(_ bytes: [UInt8]) -> (action: String, id: UInt32?)? {
        guard bytes.starts(with: Array("\u{1B}_G".utf8)) else { return nil }
        let keys = bytes.dropFirst(3).prefix { $0 != UInt8(ascii: ";") && $0 != 0x1B }
        var action = "t", id: UInt32?
        for pair in String(decoding: keys, as: UTF8.self).split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            if kv[0] == "a" { action = String(kv[1]) }
            if kv[0] == "i" { id = UInt32(kv[1]) }
        }
        return (action, id)
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
