/// Namespace for the TerminalUI module's version of its public surface.
public enum TerminalUIModule {
    /// The module name, for diagnostics.
    public static let name = "TerminalUI"
}
