import CNcurses
import Foundation

/// Whether the terminal named by `TERM` can host the full-screen explorer, checked before anything is drawn.
///
/// ncurses would otherwise exit with status 1 on an unknown `TERM`, and on `TERM=dumb` (no cursor movement)
/// it would scroll a garbled screen. The explorer refuses such terminals with one line naming `TERM`.
public enum TerminalSupport {
    /// The terminal type drawn as when `TERM` names one this host's terminfo does not know (`xterm-kitty` over
    /// SSH on a host without kitty's entry): nearly every terminal emulator today understands it.
    public static let fallbackTerm = "xterm-256color"

    /// Checks `TERM` and, when this host's terminfo does not know it but knows `fallbackTerm`, switches the
    /// process to `fallbackTerm`. Returns a one-line note when it did so.
    ///
    /// - Throws: `TerminalSupportError` when the terminal cannot host the explorer (`TERM` unset or `dumb`,
    ///   no terminfo at all).
    public static func prepare(term: String?) throws -> String? {
        guard let message = problem(term: term) else { return nil }
        if let term, !term.isEmpty, latent_terminal_support(term) == 1, latent_terminal_support(fallbackTerm) == 0 {
            setenv("TERM", fallbackTerm, 1)
            return "TERM=\(term) has no terminfo entry on this host; drawing as TERM=\(fallbackTerm)"
        }
        throw TerminalSupportError(description: message)
    }

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

/// A terminal that cannot host the explorer.
public struct TerminalSupportError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
