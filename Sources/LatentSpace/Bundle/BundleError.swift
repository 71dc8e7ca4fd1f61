import Tensors

/// A problem with a model bundle or the paths given for a bring-your-own model, naming the file and field at fault.
public struct BundleError: Error, Equatable, UserInputError {
    /// The manifest or file at fault.
    public var file: String
    /// Every problem found, each naming its field (e.g. `missing field 'latent_dim'`).
    public var problems: [String]

    public init(file: String, problems: [String]) {
        self.file = file
        self.problems = problems
    }

    public init(file: String, _ problem: String) {
        self.init(file: file, problems: [problem])
    }

    public var description: String { "\(file): " + problems.joined(separator: "; ") }
}
