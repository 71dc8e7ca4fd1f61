/// Errors from building or reshaping tensors.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    case invalidShape([Int])
    case sizeMismatch(shape: [Int], count: Int)

    public var description: String {
        switch self {
        case .invalidShape(let s):
            return "invalid shape \(s): dimensions must be non-negative and their product must fit in memory"
        case .sizeMismatch(let s, let c):
            return "shape \(s) needs \(Tensor.elementCount(s) ?? -1) elements but \(c) were given"
        }
    }
}
