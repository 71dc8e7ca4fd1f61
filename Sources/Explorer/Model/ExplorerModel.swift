import LatentSpace

/// What the explorer needs of a model: decoding codes into samples, and what a sample looks like. The shipped
/// and brought ONNX models (`LatentModel`) are one; tests use small synthetic ones.
public protocol ExplorerModel: Sendable {
    /// Whether codes can be decoded into samples.
    var canDecode: Bool { get }
    /// What one decoded sample looks like.
    var sample: ModelBundle.Sample? { get }
    /// Decodes `count` codes (count × latent size, row-major) into samples in the sample range, one after another.
    func decode(_ codes: [Float], count: Int) throws -> [Float]
}

extension LatentModel: ExplorerModel {}
