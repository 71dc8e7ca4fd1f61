import Tensors

/// A named graph input or output: element type and shape, where dimensions may be symbols such as the batch size.
public struct ValueInfo: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var elementType: ElementType
    /// The shape, or nil when the model does not declare the rank.
    public var shape: [Dim]?

    public init(name: String, elementType: ElementType, shape: [Dim]?) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
    }

    /// The in-memory element type, when tensors can hold it.
    public var dtype: DType? { elementType.dtype }

    /// `x: float32 [N, 784]`.
    public var description: String { "\(name): \(elementType) \(Dim.describe(shape))" }
}
