import CNcurses
import Explorer
import Foundation
import Render

/// The ncurses backend: starts and restores the terminal, draws cells through ncurses (which sends only what
/// changed on screen) and writes image bytes straight to the terminal, past ncurses, at a cell.
final class CursesBackend: ScreenBackend {
    private var pairs: [ColorPairKey: Int32] = [:]
    private let colors: ColorDepth
    private(set) var isActive = false

    init(colors: ColorDepth) {
        // ncurses colour pairs index a palette: truecolor is drawn through its nearest 256 colours.
        self.colors = min(colors, .indexed256)
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

    func draw(_ changes: [CellChange], clear: Bool, repaintRows: [Int]) {
        if clear {
            erase()
            clearok(latent_stdscr(), true)
        }
        for change in changes {
            apply(change.cell.style)
            var text = String(change.cell.symbol)
            if text.isEmpty { text = " " }
            mvaddstr(Int32(change.position.y), Int32(change.position.x), text)
        }
        latent_set_style(0, 0)
        let height = size.height
        for row in repaintRows where row >= 0 && row < height {
            wredrawln(latent_stdscr(), Int32(row), 1)
        }
        refresh()
    }

    func writeImage(_ bytes: [UInt8], in area: Rect) {
        var out = Array("\u{1B}7\u{1B}[\(area.y + 1);\(area.x + 1)H".utf8)
        out += bytes
        out += Array("\u{1B}8".utf8)
        FileHandle.standardOutput.write(Data(out))
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
