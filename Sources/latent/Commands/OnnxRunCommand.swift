import ArgumentParser
import Foundation
import ONNX
import Tensors

/// `latent onnx-run`: runs an ONNX model on arrays from .npy/.npz files and writes its outputs.
struct OnnxRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx-run",
        abstract: "Run an ONNX model on .npy/.npz arrays with the built-in interpreter.",
        discussion: """
        Inputs: `--input X.npy` feeds the model's inputs in order; `--input NAME=X.npy` feeds one by name; an \
        .npz file feeds every input whose name it holds. Numeric data is converted to the input's element type.

        Outputs: `--output Y.npy` receives the model's outputs in order, or those named by `--output-name` (in \
        the same order); `--output NAME=Y.npy` writes one by name; an .npz path receives every selected output.
        """
    )

    @Argument(help: "The ONNX model file.")
    var model: String

    @Option(name: .customLong("input"), help: "An input array: PATH.npy, NAME=PATH.npy or PATH.npz (repeatable).")
    var inputs: [String] = []

    @Option(name: .customLong("output"), help: "Where to write outputs: PATH.npy, NAME=PATH.npy or PATH.npz (repeatable).")
    var outputs: [String] = []

    @Option(name: .customLong("output-name"), help: "Which model output goes to each --output (repeatable, in order).")
    var outputNames: [String] = []

    @Flag(help: "Print each node's run time on stderr.")
    var profile = false

    @Option(name: .customLong("repeat"), help: ArgumentHelp("Run the model this many times (with --profile, the last run is reported).", visibility: .hidden))
    var repeats: Int = 1

    @Option(help: "Threads for matrix products.")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one --input") }
        guard !outputs.isEmpty else { throw ValidationError("give at least one --output") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            Linalg.setThreads(threads)
            for spec in outputs { try checkWritable(URL(fileURLWithPath: Self.split(spec).path)) }
            let onnx = try ONNXModel.load(URL(fileURLWithPath: model))
            let (feeds, sources) = try readFeeds(for: onnx)
            let results: [String: Tensor]
            for _ in 1..<max(repeats, 1) { _ = try Self.naming(sources) { try onnx.run(feeds) } }
            if profile {
                let (outputs, steps) = try Self.naming(sources) { try onnx.profile(feeds) }
                let total = steps.reduce(0) { $0 + $1.seconds }, cpu = steps.reduce(0) { $0 + $1.cpuSeconds }
                printNote("   wall ms       %     CPU ms  node (operator)")
                for s in steps {
                    printNote(String(format: "%10.3f  %5.1f%%  %10.3f  %@ (%@)", s.seconds * 1000, 100 * s.seconds / max(total, 1e-12),
                                     s.cpuSeconds * 1000, s.node as NSString, s.op as NSString))
                }
                printNote(String(format: "%10.3f  100.0%%  %10.3f  total", total * 1000, cpu * 1000))
                results = outputs
            } else {
                results = try Self.naming(sources) { try onnx.run(feeds) }
            }
            try writeOutputs(results, model: onnx)
        }
    }

    // MARK: - Inputs

    /// The arrays to feed, by input name, and the file each came from.
    private func readFeeds(for model: ONNXModel) throws -> (feeds: [String: Tensor], sources: [String: String]) {
        var feeds: [String: Tensor] = [:]
        var sources: [String: String] = [:]
        var positional = model.inputs.map(\.name).makeIterator()
        for spec in inputs {
            let (name, path) = Self.split(spec)
            let url = URL(fileURLWithPath: path)
            if path.lowercased().hasSuffix(".npz") {
                let arrays = try NPZ.read(url)
                let wanted = name.map { [$0] } ?? model.inputs.map(\.name)
                var used = false
                for input in wanted {
                    if let t = arrays[input] ?? (arrays.count == 1 && wanted.count == 1 ? arrays.values.first : nil) {
                        feeds[input] = t
                        sources[input] = path
                        used = true
                    }
                }
                guard used else {
                    throw OnnxRunInputError("\(path) holds none of the model's inputs (it has \(arrays.keys.sorted().joined(separator: ", ")); "
                        + "the model takes \(model.inputs.map(\.name).joined(separator: ", ")))")
                }
            } else {
                guard let target = name ?? positional.next() else {
                    throw OnnxRunInputError("more --input arrays than model inputs (\(model.inputs.map(\.name).joined(separator: ", ")))")
                }
                feeds[target] = try NPY.read(url)
                sources[target] = path
            }
        }
        // Convert numeric data to each input's declared element type.
        for info in model.inputs {
            guard let value = feeds[info.name], let want = info.dtype, want != value.dtype else { continue }
            guard want != .bool, value.dtype != .bool else { continue }
            printNote("note: converting input '\(info.name)' from \(value.dtype.rawValue) to \(want.rawValue)")
            feeds[info.name] = try Self.convert(value, to: want)
        }
        return (feeds, sources)
    }

    /// Runs `body`, naming the file that was fed to the input an input error is about.
    static func naming<T>(_ sources: [String: String], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ONNXError {
            switch error {
            case .inputRank(let name, _, _), .inputDimension(let name, _, _, _, _), .inputType(let name, _, _),
                 .inconsistentSymbol(_, _, _, let name):
                if let path = sources[name] { throw OnnxRunInputError("\(path): \(error)") }
            default:
                break
            }
            throw error
        }
    }

    // MARK: - Outputs

    private func writeOutputs(_ results: [String: Tensor], model: ONNXModel) throws {
        let available = model.outputs.map(\.name)
        for name in outputNames where results[name] == nil {
            throw ONNXError.unknownOutput(name: name, available: available)
        }
        var order = (outputNames.isEmpty ? available : outputNames).makeIterator()
        for spec in outputs {
            let (name, path) = Self.split(spec)
            let url = URL(fileURLWithPath: path)
            if path.lowercased().hasSuffix(".npz") {
                let names = name.map { [$0] } ?? (outputNames.isEmpty ? available : outputNames)
                var dict: [String: Tensor] = [:]
                for n in names {
                    guard let t = results[n] else { throw ONNXError.unknownOutput(name: n, available: available) }
                    dict[n] = t
                }
                try NPZ.write(dict, to: url, compressed: false)
            } else {
                guard let target = name ?? order.next() else {
                    throw OnnxRunInputError("more --output files than model outputs (\(available.joined(separator: ", ")))")
                }
                guard let t = results[target] else { throw ONNXError.unknownOutput(name: target, available: available) }
                try NPY.write(t, to: url)
            }
        }
    }

    // MARK: - Helpers

    /// `NAME=PATH` → (NAME, PATH); a plain path → (nil, PATH).
    static func split(_ spec: String) -> (name: String?, path: String) {
        guard let eq = spec.firstIndex(of: "="), !FileManager.default.fileExists(atPath: spec) else { return (nil, spec) }
        return (String(spec[..<eq]), String(spec[spec.index(after: eq)...]))
    }

    static func convert(_ t: Tensor, to dtype: DType) throws -> Tensor {
        switch dtype {
        case .float32: return t.toFloat32()
        case .float64: return try Tensor(shape: t.shape, doubles: t.floatValues().map(Double.init))
        case .int64: return try Tensor(shape: t.shape, int64s: t.int64Values())
        case .int32: return try Tensor(shape: t.shape, int32s: t.int64Values().map { Int32(clamping: $0) })
        case .uint8: return try Tensor(shape: t.shape, bytes: t.int64Values().map { UInt8(clamping: $0) })
        case .bool: return t
        }
    }
}

/// A usage problem with the files given to a command.
struct OnnxRunInputError: UserInputError {
    var description: String
    init(_ description: String) { self.description = description }
}
