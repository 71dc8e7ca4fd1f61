import CNcurses
import Explorer
import Foundation
import Render

/// The ncurses screen: starts and restores the terminal, and draws frames by sending only the cells that
/// changed since the last one, then the sixel images over their blank cells.
final class CursesScreen {
    private var previous: CellBuffer?
    private var previousImages: [PlacedImage] = []
    private var pairs: [ColorPairKey: Int32] = [:]
    private let colors: ColorDepth
    /// Wraps sixel bytes for the terminal (tmux passthrough), or nil to write them as they are.
    private let sixelWrapper: (([UInt8]) -> [UInt8])?
    private(set) var isActive = false

    init(colors: ColorDepth, sixelWrapper: (([UInt8]) -> [UInt8])? = nil) {
        // ncurses colour pairs index a palette: truecolor is drawn through its nearest 256 colours.
        self.colors = min(colors, .indexed256)
        self.sixelWrapper = sixelWrapper
    }

    /// Enters curses mode: raw keys (so Ctrl-C and Ctrl-Z arrive as keys), no echo, keypad, mouse, colours.
    func start() {
        setlocale(LC_ALL, "")
        initscr()
        raw()
        noecho()
        nonl()
        keypad(latent_stdscr(), true)
        curs_set(0)
        _ = latent_escdelay_set(25)
        wtimeout(latent_stdscr(), 20)
        mousemask(latent_mouse_all(), nil)
        mouseinterval(0)
        if colors > .mono && has_colors() {
            start_color()
            use_default_colors()
        }
        isActive = true
        previous = nil
    }

    /// Leaves curses mode and restores the terminal (safe to call twice).
    func stop() {
        guard isActive else { return }
        isActive = false
        mousemask(0, nil)
        curs_set(1)
        endwin()
        // Some terminals keep mouse reporting on after endwin; switch it off explicitly.
        FileHandle.standardOutput.write(Data("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l".utf8))
    }

    /// The screen size ncurses knows.
    var size: (width: Int, height: Int) { (Int(latent_cols()), Int(latent_lines())) }

    /// Forgets what is on screen so the next draw repaints everything.
    func invalidate() {
        previous = nil
        clearok(latent_stdscr(), true)
    }

    /// Draws a frame.
    func draw(_ frame: Frame) {
        let changes: [(x: Int, y: Int, cell: Cell)]
        if let previous, previous.width == frame.buffer.width, previous.height == frame.buffer.height {
            changes = frame.buffer.diff(from: previous)
        } else {
            erase()
            changes = frame.buffer.diff(from: CellBuffer(width: 0, height: 0))
        }
        for change in changes {
            apply(change.cell.style)
            var text = String(change.cell.symbol)
            if text.isEmpty { text = " " }
            mvaddstr(Int32(change.y), Int32(change.x), text)
        }
        latent_set_style(0, 0)
        // Sixel pixels are invisible to curses: rows where an image went away (or changed) are repainted
        // for real, and every image crossing those rows is sent again.
        var staleRows = Set<Int>()
        for old in previousImages where !frame.images.contains(old) {
            staleRows.formUnion(old.area.y..<old.area.maxY)
        }
        for row in staleRows.sorted() where row < frame.buffer.height {
            wredrawln(latent_stdscr(), Int32(row), 1)
        }
        refresh()
        // Re-send a sixel image when it is new, its rows were repainted, or any cell under it changed.
        let repainted = Set(changes.map { $0.y * max(1, frame.buffer.width) + $0.x })
        for image in frame.images {
            let dirty = !previousImages.contains(image)
                || !staleRows.isDisjoint(with: image.area.y..<image.area.maxY)
                || coversAny(image.area, repainted, width: frame.buffer.width)
            if dirty { writeSixel(image) }
        }
        previous = frame.buffer
        previousImages = frame.images
    }

    private func coversAny(_ area: Rect, _ cells: Set<Int>, width: Int) -> Bool {
        guard !cells.isEmpty else { return false }
        for y in area.y..<area.maxY { for x in area.x..<area.maxX where cells.contains(y * width + x) { return true } }
        return false
    }

    private func writeSixel(_ image: PlacedImage) {
        var bytes = Array("\u{1B}7\u{1B}[\(image.area.y + 1);\(image.area.x + 1)H".utf8)
        bytes += sixelWrapper?(image.sixel) ?? image.sixel
        bytes += Array("\u{1B}8".utf8)
        FileHandle.standardOutput.write(Data(bytes))
    }

    // MARK: - Styles

    private struct ColorPairKey: Hashable { var fg: Int32; var bg: Int32 }

    private func apply(_ style: Style) {
        let style = style.downgraded(to: colors)
        var attrs: Int32 = 0
        if style.attributes.contains(.bold) { attrs |= latent_attr_bold() }
        if style.attributes.contains(.dim) { attrs |= latent_attr_dim() }
        if style.attributes.contains(.reverse) { attrs |= latent_attr_reverse() }
        if style.attributes.contains(.underline) { attrs |= latent_attr_underline() }
        var pair: Int32 = 0
        if colors > .mono && has_colors() {
            let key = ColorPairKey(fg: index(style.foreground), bg: index(style.background))
            if key.fg != -1 || key.bg != -1 {
                if let p = pairs[key] {
                    pair = p
                } else {
                    let p = alloc_pair(key.fg, key.bg)
                    pair = p > 0 ? p : 0
                    pairs[key] = pair
                }
            }
        }
        latent_set_style(attrs, pair)
    }

    /// The terminal colour number of a colour (-1 for the default), limited to what the terminal has.
    private func index(_ color: Color) -> Int32 {
        let available = Int(latent_colors())
        switch color.downgraded(to: colors) {
        case .default: return -1
        case .indexed(let i): return Int(i) < available ? Int32(i) : Int32(i % 8)
        case .rgb(let r, let g, let b):
            let i = available >= 256 ? XTermPalette.nearest256(r, g, b)
                : available >= 16 ? XTermPalette.nearest16(r, g, b) : XTermPalette.nearest8(r, g, b)
            return Int32(i)
        }
    }
}
