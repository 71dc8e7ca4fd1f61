/// Namespace for the Projection module's version of its public surface.
public enum ProjectionModule {
    /// The module name, for diagnostics.
    public static let name = "Projection"
}
