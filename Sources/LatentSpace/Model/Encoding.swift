import Tensors

/// The latent codes of a data set and what is derived from running the model over it.
public struct Encoding: Sendable, Equatable {
    /// N × d codes (for a VAE: the means), row-major.
    public let codes: [Float]
    /// N × d log-variances of a VAE.
    public let logvar: [Float]?
    /// Per-sample reconstruction error: mean squared error per value on the sample scale (nil without a decoder).
    public let reconstructionError: [Float]?
    public let count: Int
    public let dimensions: Int

    public init(codes: [Float], logvar: [Float]?, reconstructionError: [Float]?, count: Int, dimensions: Int) {
        self.codes = codes
        self.logvar = logvar
        self.reconstructionError = reconstructionError
        self.count = count
        self.dimensions = dimensions
    }

    /// The code of point `i`.
    public func code(_ i: Int) -> [Float] { Array(codes[(i * dimensions)..<((i + 1) * dimensions)]) }

    /// The codes as an N × d float32 tensor.
    public var codesTensor: Tensor { (try? Tensor(shape: [count, dimensions], floats: codes)) ?? Tensor.scalar(0) }
}
