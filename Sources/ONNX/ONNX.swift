/// Namespace for the ONNX module's version of its public surface.
public enum ONNXModule {
    /// The module name, for diagnostics.
    public static let name = "ONNX"
}
