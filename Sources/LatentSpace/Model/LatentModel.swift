import Foundation
import ONNX
import Tensors

/// A bundle's encoder and decoder, loaded and checked against each other and the manifest: what turns samples
/// into latent codes and codes back into samples.
public final class LatentModel: Sendable {
    public let bundle: ModelBundle
    /// The latent size, values per code (from the manifest, else from the models).
    public let latentDim: Int
    /// One code's shape as the decoder takes it (`[latentDim]` for a flat latent); codes stay flat elsewhere.
    public let latentShape: [Int]
    /// What one sample looks like (from the manifest, else the decoder's output).
    public let sample: ModelBundle.Sample?
    /// The encoder input's declared shape (with the batch axis), nil when undeclared or without an encoder.
    public let encoderInputShape: [Dim]?

    let encoder: ONNXModel?
    let decoder: ONNXModel?
    let encoderInput: String?
    let codeOutput: String?
    let logvarOutput: String?
    let decoderInput: String?
    let decoderOutput: String?
    /// The per-code shape fed to the decoder: `latentShape`, or `[latentDim]` when it takes flat codes.
    let decoderFeed: [Int]

    /// Whether codes can be decoded into samples.
    public var canDecode: Bool { decoder != nil }
    /// Whether samples can be encoded.
    public var canEncode: Bool { encoder != nil }
    /// Whether the code output holds mean and log-variance stacked (from the manifest, or told from the shapes).
    let moments: ModelBundle.Moments?

    /// Whether the encoder gives log-variances (a VAE).
    public var hasLogvar: Bool { logvarOutput != nil || moments != nil }

    /// Loads the bundle's ONNX files and checks their names and latent shapes against the manifest.
    ///
    /// - Throws: `ONNXError` for a file that cannot be run, `BundleError` naming the field or file that
    ///   disagrees (an output name that does not exist, encoder and decoder latent shapes that differ, a
    ///   `latent_shape` that fits neither).
    public init(bundle: ModelBundle) throws {
        self.bundle = bundle
        var encoderModel: ONNXModel?
        var decoderModel: ONNXModel?
        if let e = bundle.encoder { encoderModel = try ONNXModel.load(e.file) }
        if let d = bundle.decoder { decoderModel = try ONNXModel.load(d.file) }
        encoder = encoderModel
        decoder = decoderModel

        // Resolve the names, defaulting to the only input / first output.
        let decoderDeclared = bundle.decoder.flatMap { d in
            decoderModel.flatMap { m in (d.input.flatMap { name in m.inputs.first { $0.name == name } } ?? m.inputs.first)?.shape }
        }.map { Array($0.dropFirst()) }
        var encoderLatent: [Dim]?
        var moments = bundle.encoder?.moments
        if let e = bundle.encoder, let model = encoderModel {
            encoderInput = try Self.pick(e.input, from: model.inputs, field: "encoder.input", file: e.file)
            codeOutput = try Self.pick(e.code, from: model.outputs,
                                       field: bundle.kind == .vae && e.moments == nil ? "encoder.mean" : "encoder.output", file: e.file)
            if let name = e.logvar {
                logvarOutput = try Self.pick(name, from: model.outputs, field: "encoder.logvar", file: e.file)
            } else if bundle.kind == .vae && e.moments == nil && model.outputs.count >= 2 {
                // A bring-your-own VAE: the first output is the mean, the second the log-variance.
                logvarOutput = model.outputs[1].name
            } else {
                logvarOutput = nil
            }
            let code = codeOutput, input = encoderInput
            encoderLatent = model.outputs.first { $0.name == code }?.shape.map { Array($0.dropFirst()) }
            if moments == nil, e.logvar == nil, model.outputs.count == 1,
               Self.stacksMoments(encoderLatent, decoder: decoderDeclared) {
                moments = .channels
            }
            // Stacked moments: the code is the first half of the channels.
            if moments == .channels, var halved = encoderLatent, let channels = halved.first {
                if let c = channels.value {
                    guard c % 2 == 0 else {
                        throw BundleError(file: e.file.path, "'encoder.moments' is 'channels' but output '\(code ?? "")' "
                                          + "has \(c) channels, not mean and log-variance stacked (an even count)")
                    }
                    halved[0] = .known(c / 2)
                } else {
                    halved[0] = .unknown
                }
                encoderLatent = halved
            }
            encoderInputShape = model.inputs.first { $0.name == input }?.shape
            if let sample = bundle.sample {
                try Self.checkFeeding(input ?? "", declared: encoderInputShape, sample: sample, file: e.file)
            }
        } else {
            encoderInput = nil; codeOutput = nil; logvarOutput = nil; encoderInputShape = nil
        }
        var decoderLatent: [Dim]?
        var decodedShape: [Int]?
        if let d = bundle.decoder, let model = decoderModel {
            decoderInput = try Self.pick(d.input, from: model.inputs, field: "decoder.input", file: d.file)
            decoderOutput = try Self.pick(d.output, from: model.outputs, field: "decoder.output", file: d.file)
            let input = decoderInput, output = decoderOutput
            decoderLatent = model.inputs.first { $0.name == input }?.shape.map { Array($0.dropFirst()) }
            if let shape = model.outputs.first(where: { $0.name == output })?.shape?.dropFirst(),
               shape.allSatisfy({ $0.value != nil }) {
                decodedShape = shape.map { $0.value! }
            }
        } else {
            decoderInput = nil; decoderOutput = nil
        }

        self.moments = moments
        let shape = try LatentShape.resolve(bundle: bundle, encoder: encoderLatent, decoder: decoderLatent)
        latentShape = shape.latent
        latentDim = shape.latent.reduce(1, *)
        decoderFeed = shape.decoderFeed
        if bundle.sample == nil, decodedShape == nil, let model = decoderModel, let input = decoderInput, let output = decoderOutput {
            // The output's sizes are symbols (as tf2onnx writes them): decode one zero code to learn them.
            let zero = try? Tensor(shape: [1] + shape.decoderFeed, floats: [Float](repeating: 0, count: latentDim))
            decodedShape = zero.flatMap { try? model.run([input: $0])[output] }.map { Array($0.shape.dropFirst()) }
        }
        sample = bundle.sample ?? decodedShape.map { SampleFeeding.decoded($0, hint: bundle.layoutHint) }
    }

    /// Whether a single encoder output of `code` sizes holds mean and log-variance stacked along channels for a
    /// decoder taking `decoder` sizes: twice its channels, the same other sizes (as diffusers' VAEs export).
    private static func stacksMoments(_ code: [Dim]?, decoder: [Dim]?) -> Bool {
        guard let code, let decoder, code.count >= 2, code.count == decoder.count,
              let c = code[0].value, let d = decoder[0].value else { return false }
        return c == 2 * d && zip(code.dropFirst(), decoder.dropFirst()).allSatisfy { $0.value != nil && $0 == $1 }
    }

    /// The sizes samples of `dims` are reshaped to for an encoder declaring `declared` ([N, ...]): its sizes when
    /// they are all known, of another rank, and hold as many values (flat samples, an image without its channel
    /// axis); nil when the samples are fed as they are. The same rank in another order is a layout the manifest
    /// check refuses, not something to reshape.
    static func reshapeTarget(declared: [Dim]?, dims: [Int]) -> [Int]? {
        guard let wanted = declared?.dropFirst() else { return nil }
        let known = wanted.compactMap(\.value)
        guard known.count == wanted.count, known.count != dims.count, known.reduce(1, *) == dims.reduce(1, *) else { return nil }
        return known
    }

    /// Checks that batches `[N] + sample.shape` fit an encoder declaring `declared`: as they are, or reshaped
    /// (`reshapeTarget`), so a manifest whose samples do not fit is refused before any data is read.
    /// - Throws: `BundleError` naming the input, the shape and, when the model takes the other one, the layout.
    private static func checkFeeding(_ name: String, declared: [Dim]?, sample: ModelBundle.Sample, file: URL) throws {
        guard let declared else { return }
        let wanted = Array(declared.dropFirst())
        if wanted.count == sample.shape.count && zip(wanted, sample.shape).allSatisfy({ $0.value == nil || $0.value == $1 }) {
            return
        }
        if reshapeTarget(declared: declared, dims: sample.shape) != nil { return }
        var why = "input '\(name)' takes \(Dim.describe(declared)) but 'sample.shape' is \(sample.shape)"
        if let (c, h, w) = sample.imageSize {
            // The model takes the other layout: say which fields to change.
            let other: (ModelBundle.Layout, [Int]) = sample.layout == .nchw ? (.nhwc, [h, w, c]) : (.nchw, [c, h, w])
            if wanted.count == 3, zip(wanted, other.1).allSatisfy({ $0.value == nil || $0.value == $1 }) {
                why += " ('sample.layout' \(sample.layout.rawValue)); the model takes \(other.0.rawValue): give "
                    + "'sample.shape' \(other.1) and 'sample.layout' '\(other.0.rawValue)'"
                throw BundleError(file: file.path, why)
            }
        }
        throw BundleError(file: file.path, why + " (samples are fed as [N] + sample.shape)")
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
        let file = bundle.encoder!.file
        // Samples that do not fit the encoder's input, or a node that fails on them: name the model.
        let outputs = try Self.run(encoder, [encoderInput: fed(batch)], file: file, doing: "cannot encode the samples")
        var codes: [Float], logvar: [Float]?
        if moments == .channels {
            (codes, logvar) = try splitMoments(outputs, codeOutput, rows: n, file: file)
        } else {
            codes = try flatOutput(outputs, codeOutput, rows: n, file: file)
            logvar = try logvarOutput.map { try flatOutput(outputs, $0, rows: n, file: file) }
        }
        for (name, values) in [(codeOutput, codes), (logvarOutput ?? codeOutput, logvar ?? [])] {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw BundleError(file: file.path,
                                  "the encoder produced NaN or infinity in '\(name)' (sample \(bad / latentDim) of the batch)")
            }
        }
        return (codes, logvar)
    }

    /// The batch as the encoder takes it: reshaped to the sizes it declares when they all are known and differ
    /// from the batch's (flat data for an image encoder, or the other way round), else as it is.
    private func fed(_ batch: Tensor) throws -> Tensor {
        guard let n = batch.shape.first, let known = feedShape(for: Array(batch.shape.dropFirst())) else { return batch }
        return try batch.reshaped([n] + known)
    }

    /// The sizes samples of `dims` are reshaped to for the encoder, or nil when they are fed as they are.
    private func feedShape(for dims: [Int]) -> [Int]? {
        Self.reshapeTarget(declared: encoderInputShape, dims: dims)
    }

    /// How samples are fed to the encoder, for `latent info`: "[N, 16, 16, 3] to input 'x' [batch, 16, 16, 3]",
    /// with the reshape when there is one.
    public func feedingDescription(sample: ModelBundle.Sample) -> String {
        let batch = "[N, " + sample.shape.map(String.init).joined(separator: ", ") + "]"
        let declared = Dim.describe(encoderInputShape)
        if let known = feedShape(for: sample.shape) {
            return "\(batch) reshaped to [N, \(known.map(String.init).joined(separator: ", "))] for input '\(encoderInput ?? "")' \(declared)"
        }
        return "\(batch) to input '\(encoderInput ?? "")' \(declared)"
    }

    /// Decodes `n` codes (n × latentDim, row-major) into samples in the sample range (n × sample size), after the
    /// manifest's output activation.
    /// - Throws: `DecodeError.nonFinite` when the decoder produces NaN or infinity.
    public func decode(_ codes: [Float], count n: Int) throws -> [Float] {
        guard let decoder, let decoderInput, let decoderOutput else {
            throw BundleError(file: bundle.name, "the bundle has no decoder")
        }
        let z = try Tensor(shape: [n] + decoderFeed, floats: codes)
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
        // A decoder of normalised inputs gives normalised outputs: back to the sample range.
        if let normalization = bundle.data?.normalization, let sample { normalization.denormalize(&values, sample: sample) }
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
            throw BundleError(file: file.path, "output '\(name)' has shape \(t.shape), expected [\(n)] + \(latentShape) "
                              + "(\(latentDim) values per sample)")
        }
        return t.floatValues()
    }

    /// Mean and log-variance from one output stacking them along axis 1: per sample, the first half of its
    /// values is the mean, the second the log-variance.
    private func splitMoments(_ outputs: [String: Tensor], _ name: String, rows n: Int, file: URL) throws -> ([Float], [Float]) {
        guard let t = outputs[name] else { throw BundleError(file: file.path, "the model did not produce '\(name)'") }
        guard t.rank >= 2, t.count == n * latentDim * 2 else {
            throw BundleError(file: file.path, "output '\(name)' has shape \(t.shape), expected [\(n)] + mean and "
                              + "log-variance of \(latentShape) stacked along channels")
        }
        let values = t.floatValues()
        var mean = [Float](), logvar = [Float]()
        mean.reserveCapacity(n * latentDim)
        logvar.reserveCapacity(n * latentDim)
        for i in 0..<n {
            let start = i * 2 * latentDim
            mean += values[start..<(start + latentDim)]
            logvar += values[(start + latentDim)..<(start + 2 * latentDim)]
        }
        return (mean, logvar)
    }
}
