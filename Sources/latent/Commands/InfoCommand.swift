import ArgumentParser
import Foundation
import LatentSpace
import ONNX
import Tensors

/// `latent info BUNDLE` (or the bring-your-own flags): the manifest summary, the latent shape, what a sample is
/// and how the data is fed, the data's shape and type, and how many samples each class has.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a bundle's manifest, latent shape, sample layout and feeding, data shape and type, and label counts per class."
    )

    @OptionGroup var model: BundleOptions

    func validate() throws {
        // Unlike the other commands, info names what it describes: no default bundle.
        if model.bundle == nil && !model.isBringYourOwn {
            throw ValidationError("Missing expected argument '<bundle>' (or give --encoder with --data)")
        }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try LoadedBundle.load(model)
            let bundle = loaded.bundle
            let models = [bundle.encoder?.file, bundle.decoder?.file].map { file in
                file.map { f in Result { try ONNXModel.load(f).summary } }
            }
            // Without a manifest the encoder tells what a sample is, so the data waits for the model.
            let latentModel = Result { try loaded.model() }
            let data = try bundle.sample == nil ? loaded.data() : DataSet.load(for: bundle)
            writeStdout(Self.summary(bundle: bundle, data: data, model: try? latentModel.get(), encoder: models[0], decoder: models[1]))
            // The summary shows what could be read; a model that cannot be run, or an encoder and decoder that do
            // not fit each other or the manifest, then fail the command as they would fail every other one.
            for case .failure(let error)? in models { throw error }
            _ = try latentModel.get()
        }
    }

    /// The text `info` prints, built from already-loaded parts so it can be tested.
    static func summary(bundle: ModelBundle, data: DataSet, model: LatentModel? = nil,
                        encoder: Result<ModelSummary, any Error>? = nil,
                        decoder: Result<ModelSummary, any Error>? = nil) -> String {
        var lines: [String] = []
        func row(_ key: String, _ value: String) { lines.append(key.padding(toLength: 10, withPad: " ", startingAt: 0) + value) }
        func shape(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }

        row("Name", bundle.name)
        if let folder = bundle.folder { row("Folder", folder.path) }
        let dim = model?.latentDim ?? bundle.latentDim
        row("Kind", "\(bundle.kind.rawValue), \(dim.map { "\($0)-d latent" } ?? "latent size from the model")")
        if let latent = model?.latentShape ?? bundle.latentShape, latent.count > 1 {
            row("Latent", "\(shape(latent)) (codes kept flat, \(latent.reduce(1, *)) values; reshaped for the decoder)")
        }
        let s = data.sample
        let layout = s.type == .image ? " \(s.layout.rawValue)" : s.type == .sequence ? " (steps × features)" : ""
        row("Sample", "\(s.type.rawValue) \(shape(s.shape))\(layout), range [\(format(s.range.lowerBound)), \(format(s.range.upperBound))]")
        if let model, model.canEncode {
            row("Feeding", model.feedingDescription(sample: s))
        }
        if let e = bundle.encoder {
            let outputs = [e.code, e.logvar].compactMap { $0 } + (e.moments.map { ["mean and log-variance stacked along \($0.rawValue)"] } ?? [])
            row("Encoder", "\(e.file.lastPathComponent) (\(e.input ?? "first input") → \(outputs.isEmpty ? "first output" : outputs.joined(separator: ", ")))")
            lines += modelLines(encoder)
        }
        if let d = bundle.decoder {
            row("Decoder", "\(d.file.lastPathComponent) (\(d.input ?? "first input") → \(d.output ?? "first output"), activation \(d.activation.rawValue))")
            lines += modelLines(decoder)
        }
        if let source = bundle.data {
            let member = source.file.pathExtension == "npz" ? ":\(source.x)" : ""
            row("Data", "\(source.file.lastPathComponent)\(member) \(data.samples.dtype.rawValue) [\(shape(data.samples.shape))], \(data.count) samples, scale 1/\(format(data.scale))")
        }
        if let labels = data.labels {
            let counts = data.labelCounts()
            let classCount = max(bundle.classes?.count ?? 0, (labels.max() ?? -1) + 1)
            row("Classes", "\(classCount)")
            for c in 0..<classCount {
                let name = bundle.classes?[safe: c] ?? "class \(c)"
                let anomaly = bundle.anomalyClasses?.contains(name) == true ? "  anomaly" : ""
                lines.append("  " + String(c).leftPadded(to: 3) + "  " + name.padding(toLength: 16, withPad: " ", startingAt: 0)
                             + String(counts[c] ?? 0).leftPadded(to: 7) + anomaly)
            }
        } else {
            row("Classes", "none (points will be coloured by k-means cluster)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The model's inputs, outputs, opset and operator counts, indented under its row (or why it cannot run).
    private static func modelLines(_ summary: Result<ModelSummary, any Error>?) -> [String] {
        switch summary {
        case .success(let s)?: return s.lines.map { "          " + $0 }
        case .failure(let why)?: return ["          cannot run: \(why)"]
        case nil: return []
        }
    }

    private static func format(_ x: Float) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
