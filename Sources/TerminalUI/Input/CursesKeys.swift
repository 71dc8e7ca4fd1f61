import CNcurses
import Explorer

/// The explorer's keys for what `get_wch` returns.
enum CursesKeys {
    /// A function key code (`KEY_*`), or nil for one the explorer does not use.
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SR: return .shiftUp
        case KEY_SF: return .shiftDown
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        default: return nil
        }
    }

    /// A character code (what `get_wch` returns as `OK`), outside any escape sequence; nil for codes that are
    /// no key (other control characters, C1 controls, surrogates).
    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        case 0, 28...31, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
