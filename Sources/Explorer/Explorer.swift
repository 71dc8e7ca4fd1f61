/// Namespace for the Explorer module's version of its public surface.
public enum ExplorerModule {
    /// The module name, for diagnostics.
    public static let name = "Explorer"
}
