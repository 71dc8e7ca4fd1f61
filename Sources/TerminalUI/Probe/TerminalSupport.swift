import CNcurses

/// Whether the terminal named by `TERM` can host the full-screen explorer, checked before anything is drawn.
///
/// ncurses would otherwise exit with status 1 on an unknown `TERM`, and on `TERM=dumb` (no cursor movement)
/// it would scroll a garbled screen. The explorer refuses such terminals with one line naming `TERM`.
public enum TerminalSupport {
    /// Why the terminal type cannot be used, or nil when it can.
    public static func problem(term: String?) -> String? {
        guard let term, !term.isEmpty else {
            return "TERM is not set: the explorer needs to know the terminal type (e.g. TERM=xterm-256color); "
                + "for scripts use the headless commands"
        }
        switch latent_terminal_support(term) {
        case 0:
            return nil
        case 1:
            return "unknown terminal type TERM=\(term) (no terminfo entry); set TERM to a known type such as "
                + "xterm-256color"
        case 2:
            return "the terminal type TERM=\(term) cannot move the cursor, which the full-screen explorer needs; "
                + "run it in a terminal such as xterm (TERM=xterm-256color) or use the headless commands"
        default:
            return "no terminfo database to look up TERM=\(term); install ncurses-base or set TERMINFO"
        }
    }
}
