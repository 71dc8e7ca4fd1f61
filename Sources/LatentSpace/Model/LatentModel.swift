import Foundation
import ONNX
import Tensors

/// A bundle's encoder and decoder, loaded and checked against each other and the manifest: what turns samples
/// into latent codes and codes back into samples.
public final class LatentModel: Sendable {
    public let bundle: ModelBundle
    /// The latent size (from the manifest, else from the models).
    public let latentDim: Int
    /// What one sample looks like (from the manifest, else the decoder's output).
    public let sample: ModelBundle.Sample?

    let encoder: ONNXModel?
    let decoder: ONNXModel?
    let encoderInput: String?
    let codeOutput: String?
    let logvarOutput: String?
    let decoderInput: String?
    let decoderOutput: String?

    /// Whether codes can be decoded into samples.
    public var canDecode: Bool { decoder != nil }
    /// Whether samples can be encoded.
    public var canEncode: Bool { encoder != nil }
    /// Whether the encoder gives log-variances (a VAE).
    public var hasLogvar: Bool { logvarOutput != nil }

    /// Loads the bundle's ONNX files and checks their names and latent sizes against the manifest.
    ///
    /// - Throws: `ONNXError` for a file that cannot be run, `BundleError` naming the field or file that
    ///   disagrees (an output name that does not exist, encoder and decoder latent sizes that differ).
    public init(bundle: ModelBundle) throws {
        self.bundle = bundle
        var encoderModel: ONNXModel?
        var decoderModel: ONNXModel?
        if let e = bundle.encoder { encoderModel = try ONNXModel.load(e.file) }
        if let d = bundle.decoder { decoderModel = try ONNXModel.load(d.file) }
        encoder = encoderModel
        decoder = decoderModel

        // Resolve the names, defaulting to the only input / first output.
        var encoderLatent: Int?
        if let e = bundle.encoder, let model = encoderModel {
            encoderInput = try Self.pick(e.input, from: model.inputs, field: "encoder.input", file: e.file)
            codeOutput = try Self.pick(e.code, from: model.outputs, field: bundle.kind == .vae ? "encoder.mean" : "encoder.output", file: e.file)
            if let name = e.logvar {
                logvarOutput = try Self.pick(name, from: model.outputs, field: "encoder.logvar", file: e.file)
            } else if bundle.kind == .vae && model.outputs.count >= 2 {
                // A bring-your-own VAE: the first output is the mean, the second the log-variance.
                logvarOutput = model.outputs[1].name
            } else {
                logvarOutput = nil
            }
            let code = codeOutput
            encoderLatent = model.outputs.first { $0.name == code }?.shape?.last?.value
            if let sample = bundle.sample, let input = encoderInput {
                try Self.checkInput(input, of: model, fits: sample, file: e.file)
            }
        } else {
            encoderInput = nil; codeOutput = nil; logvarOutput = nil
        }
        var decoderLatent: Int?
        var decodedShape: [Int]?
        if let d = bundle.decoder, let model = decoderModel {
            decoderInput = try Self.pick(d.input, from: model.inputs, field: "decoder.input", file: d.file)
            decoderOutput = try Self.pick(d.output, from: model.outputs, field: "decoder.output", file: d.file)
            let input = decoderInput, output = decoderOutput
            decoderLatent = model.inputs.first { $0.name == input }?.shape?.last?.value
            if let shape = model.outputs.first(where: { $0.name == output })?.shape?.dropFirst(),
               shape.allSatisfy({ $0.value != nil }) {
                decodedShape = shape.map { $0.value! }
            }
        } else {
            decoderInput = nil; decoderOutput = nil
        }

        if let e = encoderLatent, let d = decoderLatent, e != d {
            throw BundleError(file: bundle.decoder!.file.path,
                              "the encoder gives \(e)-d codes but the decoder takes \(d)-d codes")
        }
        guard let dim = bundle.latentDim ?? encoderLatent ?? decoderLatent else {
            throw BundleError(file: bundle.name, "the latent size is unknown: give latent_dim in bundle.json")
        }
        if let e = encoderLatent, e != dim {
            throw BundleError(file: bundle.encoder!.file.path, "the encoder gives \(e)-d codes but 'latent_dim' is \(dim)")
        }
        if let d = decoderLatent, d != dim {
            throw BundleError(file: bundle.decoder!.file.path, "the decoder takes \(d)-d codes but 'latent_dim' is \(dim)")
        }
        latentDim = dim
        sample = bundle.sample ?? decodedShape.map { DataSet.inferSample(from: [1] + $0) }
    }

    /// Checks that the encoder's declared input takes batches of `[N] + sample.shape` (what the encoding feeds
    /// it), so a manifest whose samples do not fit the encoder is refused before any data is read.
    private static func checkInput(_ name: String, of model: ONNXModel, fits sample: ModelBundle.Sample, file: URL) throws {
        guard let declared = model.inputs.first(where: { $0.name == name })?.shape else { return }
        let fits = declared.count == sample.shape.count + 1
            && zip(declared.dropFirst(), sample.shape).allSatisfy { $0.value == nil || $0.value == $1 }
        guard fits else {
            throw BundleError(file: file.path, "input '\(name)' takes \(Dim.describe(declared)) but 'sample.shape' is "
                              + "\(sample.shape) (samples are fed as [N] + sample.shape)")
        }
    }

    private static func pick(_ wanted: String?, from values: [ValueInfo], field: String, file: URL) throws -> String {
        let names = values.map(\.name)
        if let wanted {
            guard names.contains(wanted) else {
                throw BundleError(file: file.path, "field '\(field)' names '\(wanted)' but the model has: \(names.joined(separator: ", "))")
            }
            return wanted
        }
        guard let first = names.first else { throw BundleError(file: file.path, "the model has no \(field.hasSuffix("input") ? "inputs" : "outputs")") }
        return first
    }

    // MARK: - Running

    /// Encodes a batch `[n] + sample.shape` into codes (n × latentDim) and, for a VAE, log-variances.
    public func encode(_ batch: Tensor) throws -> (codes: [Float], logvar: [Float]?) {
        guard let encoder, let encoderInput, let codeOutput else {
            throw BundleError(file: bundle.name, "the bundle has no encoder")
        }
        let n = batch.shape.first ?? 0
        // Samples that do not fit the encoder's input, or a node that fails on them: name the model.
        let outputs = try Self.run(encoder, [encoderInput: batch], file: bundle.encoder!.file, doing: "cannot encode the samples")
        let codes = try flatOutput(outputs, codeOutput, rows: n, file: bundle.encoder!.file)
        let logvar = try logvarOutput.map { try flatOutput(outputs, $0, rows: n, file: bundle.encoder!.file) }
        for (name, values) in [(codeOutput, codes), (logvarOutput ?? "", logvar ?? [])] {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw BundleError(file: bundle.encoder!.file.path,
                                  "the encoder produced NaN or infinity in '\(name)' (sample \(bad / latentDim) of the batch)")
            }
        }
        return (codes, logvar)
    }

    /// Decodes `n` codes (n × latentDim, row-major) into samples in the sample range (n × sample size), after the
    /// manifest's output activation.
    /// - Throws: `DecodeError.nonFinite` when the decoder produces NaN or infinity.
    public func decode(_ codes: [Float], count n: Int) throws -> [Float] {
        guard let decoder, let decoderInput, let decoderOutput else {
            throw BundleError(file: bundle.name, "the bundle has no decoder")
        }
        let z = try Tensor(shape: [n, latentDim], floats: codes)
        let outputs = try Self.run(decoder, [decoderInput: z], file: bundle.decoder!.file, doing: "cannot decode")
        guard let out = outputs[decoderOutput] else {
            throw BundleError(file: bundle.decoder!.file.path, "the model did not produce '\(decoderOutput)'")
        }
        var values = out.floatValues()
        if let bad = OutputActivation.apply(bundle.decoder?.activation ?? .none, to: &values) {
            let per = max(1, values.count / max(n, 1))
            throw BundleError(file: bundle.decoder!.file.path, "the decoder produced NaN or infinity (sample \(bad / per) of the batch)")
        }
        if let size = sample?.size, n > 0, values.count != n * size {
            throw BundleError(file: bundle.decoder!.file.path,
                              "the decoder gives \(values.count / n) values per sample but the sample shape needs \(size)")
        }
        return values
    }

    /// Runs a model, turning an error about its inputs or nodes into one naming the model file.
    private static func run(_ model: ONNXModel, _ feeds: [String: Tensor], file: URL, doing what: String) throws -> [String: Tensor] {
        do {
            return try model.run(feeds)
        } catch {
            throw BundleError(file: file.path, "\(what): \(error)")
        }
    }

    private func flatOutput(_ outputs: [String: Tensor], _ name: String, rows n: Int, file: URL) throws -> [Float] {
        guard let t = outputs[name] else { throw BundleError(file: file.path, "the model did not produce '\(name)'") }
        guard t.count == n * latentDim else {
            throw BundleError(file: file.path, "output '\(name)' has shape \(t.shape), expected [\(n), \(latentDim)]")
        }
        return t.floatValues()
    }
}
