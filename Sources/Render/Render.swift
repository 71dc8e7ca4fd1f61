/// Namespace for the Render module's version of its public surface.
public enum RenderModule {
    /// The module name, for diagnostics.
    public static let name = "Render"
}
