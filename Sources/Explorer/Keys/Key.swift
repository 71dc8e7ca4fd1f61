/// A key press, as the terminal layer decodes it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    /// Shifted arrows: move faster.
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case enter, escape, backspace, tab
    case pageUp, pageDown, home, end
    /// Ctrl and a letter (lowercase), e.g. `.control("l")` for Ctrl-L.
    case control(Character)
}
