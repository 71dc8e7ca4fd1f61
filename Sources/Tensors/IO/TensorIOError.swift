/// A problem reading or writing a tensor file, naming the file and what is wrong with it.
public struct TensorIOError: Error, Equatable, CustomStringConvertible {
    /// The file (or `archive.npz:name` member) at fault.
    public var file: String
    /// What is wrong, in words a user can act on.
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
