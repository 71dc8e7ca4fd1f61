import Foundation
import Tensors

extension ModelBundle {
    /// Loads and validates a bundle folder's `bundle.json` (or a path to the manifest itself).
    ///
    /// Relative file paths are resolved against the bundle folder, and every referenced file must exist.
    /// - Throws: `BundleError` listing every missing or wrong field by name.
    public static func load(_ path: URL) throws(BundleError) -> ModelBundle {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
            throw BundleError(file: path.path, "no such bundle folder or manifest")
        }
        let manifest = isDirectory.boolValue ? path.appendingPathComponent("bundle.json") : path
        let folder = manifest.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            throw BundleError(file: path.path, "not a model bundle (no bundle.json in this folder)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: manifest)
        } catch {
            throw BundleError(file: manifest.path, "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, folder: folder, file: manifest.path)
    }

    /// Parses and validates manifest bytes; relative paths are resolved against `folder`.
    public static func parse(_ data: Data, folder: URL, file: String) throws(BundleError) -> ModelBundle {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BundleError(file: file, "malformed JSON (\(jsonErrorSummary(error)))")
        }
        guard let root = object as? [String: Any] else {
            throw BundleError(file: file, "the manifest must be a JSON object")
        }
        var reader = ManifestReader(root: root, folder: folder)
        let bundle = reader.bundle()
        if !reader.problems.isEmpty { throw BundleError(file: file, problems: reader.problems) }
        return bundle!
    }

    private static func jsonErrorSummary(_ error: Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo["NSDebugDescription"] as? String { return detail }
        return ns.localizedDescription
    }
}

/// Walks the manifest dictionary, collecting every problem instead of stopping at the first.
private struct ManifestReader {
    let root: [String: Any]
    let folder: URL
    var problems: [String] = []

    init(root: [String: Any], folder: URL) {
        self.root = root
        self.folder = folder
    }

    mutating func bundle() -> ModelBundle? {
        if let format = integer(root, "format", path: "format") {
            if format != ModelBundle.supportedFormat {
                problems.append("field 'format' is \(format) but this version of latent reads format \(ModelBundle.supportedFormat)")
            }
        }
        let name = string(root, "name", path: "name")
        let kind: ModelBundle.Kind? = enumeration(root, "kind", path: "kind")
        let (latentDim, latentShape) = latentSize()
        let sample = sampleSpec()
        let encoder = kind.flatMap { encoderSpec(kind: $0) }
        let decoder = decoderSpec()
        let data = dataSpec()
        if let normalization = data?.normalization {
            problems += normalization.problems(for: sample, names: ("field 'data.mean'", "field 'data.std'"))
        }
        // An image folder's class sub-folders name the classes when the manifest does not.
        let classes = classList() ?? data.flatMap { $0.isFolder ? ImageFolder.classNames(in: $0.file) : nil }
        let anomalyClasses = anomalyClassList(classes: classes)
        guard problems.isEmpty, let name, let kind, let latentDim, let sample, let encoder, let decoder, let data else {
            return nil
        }
        var bundle = ModelBundle(name: name, kind: kind, latentDim: latentDim, latentShape: latentShape, sample: sample,
                                 encoder: encoder, decoder: decoder, data: data, classes: classes, folder: folder)
        bundle.anomalyClasses = anomalyClasses
        return bundle
    }

    // MARK: - Sections

    /// `latent_dim` and `latent_shape`: either may be given, and when both are, the size is the shape's product.
    private mutating func latentSize() -> (Int?, [Int]?) {
        guard root["latent_shape"] != nil else {
            let latentDim = integer(root, "latent_dim", path: "latent_dim")
            if let d = latentDim, d < 1 { problems.append("field 'latent_dim' must be at least 1 (got \(d))"); return (nil, nil) }
            return (latentDim, nil)
        }
        guard let shape = integerList(root, "latent_shape", path: "latent_shape") else { return (nil, nil) }
        guard !shape.isEmpty, shape.allSatisfy({ $0 >= 1 }), let size = Tensor.elementCount(shape),
              size <= ModelBundle.Sample.maxSize else {
            problems.append("field 'latent_shape' must be a non-empty list of positive sizes (got \(shape))")
            return (nil, nil)
        }
        if root["latent_dim"] != nil, let d = integer(root, "latent_dim", path: "latent_dim"), d != size {
            problems.append("field 'latent_dim' is \(d) but 'latent_shape' \(shape) holds \(size) values")
            return (nil, nil)
        }
        return (size, shape)
    }

    private mutating func sampleSpec() -> ModelBundle.Sample? {
        guard let s = object(root, "sample", path: "sample") else { return nil }
        let type: ModelBundle.SampleType? = enumeration(s, "type", path: "sample.type")
        let shape = integerList(s, "shape", path: "sample.shape")
        var range: ClosedRange<Float> = 0...1
        if s["range"] != nil {
            if let r = numberList(s, "range", path: "sample.range") {
                if r.count == 2, r[0] < r[1] {
                    range = Float(r[0])...Float(r[1])
                } else {
                    problems.append("field 'sample.range' must be [low, high] with low < high")
                }
            }
        }
        guard let type, let shape else { return nil }
        if shape.isEmpty || shape.contains(where: { $0 < 1 }) {
            problems.append("field 'sample.shape' must be a non-empty list of positive sizes (got \(shape))")
            return nil
        }
        // Every later step multiplies the sizes out (values per sample); keep that product addressable.
        guard let size = Tensor.elementCount(shape), size <= ModelBundle.Sample.maxSize else {
            problems.append("field 'sample.shape' \(shape) holds more than \(ModelBundle.Sample.maxSize) values per sample")
            return nil
        }
        var hint: ModelBundle.Layout?
        if s["layout"] != nil {
            guard let l: ModelBundle.Layout = enumeration(s, "layout", path: "sample.layout") else { return nil }
            hint = l
        }
        switch type {
        case .image:
            guard shape.count == 3 else {
                problems.append("field 'sample.shape' of an image must be [C, H, W] (nchw) or [H, W, C] (nhwc) with C = 1 or 3 (got \(shape))")
                return nil
            }
            guard let layout = SampleFeeding.layout(of: shape, hint: hint) else {
                if let hint {
                    problems.append("field 'sample.layout' is '\(hint.rawValue)' but 'sample.shape' \(shape) has no "
                                    + "\(hint == .nchw ? "first" : "last") axis of 1 or 3 channels")
                } else {
                    problems.append("field 'sample.shape' of an image must be [C, H, W] (nchw) or [H, W, C] (nhwc) with C = 1 or 3 (got \(shape))")
                }
                return nil
            }
            return ModelBundle.Sample(type: type, shape: shape, range: range, layout: layout)
        case .sequence:
            guard shape.count == 2 else {
                problems.append("field 'sample.shape' of a sequence must be [T, F], steps by features (got \(shape))")
                return nil
            }
        case .vector:
            break
        }
        if let hint { problems.append("field 'sample.layout' ('\(hint.rawValue)') is for images, not a \(type.rawValue)") }
        return ModelBundle.Sample(type: type, shape: shape, range: range)
    }

    private mutating func encoderSpec(kind: ModelBundle.Kind) -> ModelBundle.Encoder? {
        guard let e = object(root, "encoder", path: "encoder") else { return nil }
        let file = fileURL(e, "file", path: "encoder.file")
        let input = optionalString(e, "input", path: "encoder.input")
        var moments: ModelBundle.Moments?
        if e["moments"] != nil {
            guard let m: ModelBundle.Moments = enumeration(e, "moments", path: "encoder.moments") else { return nil }
            moments = m
        }
        switch kind {
        case .vae where moments != nil:
            // One output holds mean and log-variance: `encoder.output` names it (default: the first output).
            let output = optionalString(e, "output", path: "encoder.output")
            if e["mean"] != nil || e["logvar"] != nil {
                problems.append("field 'encoder.moments' takes one output ('encoder.output'), not 'encoder.mean' and 'encoder.logvar'")
            }
            guard let file else { return nil }
            return ModelBundle.Encoder(file: file, input: input, code: output, logvar: nil, moments: moments)
        case .vae:
            let mean = string(e, "mean", path: "encoder.mean")
            let logvar = string(e, "logvar", path: "encoder.logvar")
            guard let file, let mean, let logvar else { return nil }
            return ModelBundle.Encoder(file: file, input: input, code: mean, logvar: logvar)
        case .ae:
            if moments != nil { problems.append("field 'encoder.moments' needs 'kind' to be 'vae'") }
            let output = optionalString(e, "output", path: "encoder.output")
            guard let file else { return nil }
            return ModelBundle.Encoder(file: file, input: input, code: output, logvar: nil)
        }
    }

    private mutating func decoderSpec() -> ModelBundle.Decoder? {
        guard let d = object(root, "decoder", path: "decoder") else { return nil }
        let file = fileURL(d, "file", path: "decoder.file")
        let input = optionalString(d, "input", path: "decoder.input")
        let output = optionalString(d, "output", path: "decoder.output")
        var activation = ModelBundle.Activation.none
        if d["activation"] != nil {
            guard let a: ModelBundle.Activation = enumeration(d, "activation", path: "decoder.activation") else { return nil }
            activation = a
        }
        guard let file else { return nil }
        return ModelBundle.Decoder(file: file, input: input, output: output, activation: activation)
    }

    private mutating func dataSpec() -> ModelBundle.DataSource? {
        guard let d = object(root, "data", path: "data") else { return nil }
        var source = dataLocation(d)
        if d["mean"] != nil || d["std"] != nil {
            let mean = numberList(d, "mean", path: "data.mean"), std = numberList(d, "std", path: "data.std")
            if let mean, let std {
                source?.normalization = Normalization(mean: mean.map(Float.init), std: std.map(Float.init))
            }
        }
        return source
    }

    private mutating func dataLocation(_ d: [String: Any]) -> ModelBundle.DataSource? {
        if d["folder"] != nil {
            guard let url = folderURL(d, "folder", path: "data.folder") else { return nil }
            if d["file"] != nil { problems.append("give 'data.file' or 'data.folder', not both"); return nil }
            var source = ModelBundle.DataSource(file: url, xScale: 255)
            source.isFolder = true
            return source
        }
        let file = arrayReference(d, "file", path: "data.file")
        let labels = d["labels"] == nil ? nil : arrayReference(d, "labels", path: "data.labels")
        if file?.name != nil && d["x"] != nil { problems.append("give the array in 'data.file' (file.npz:name) or 'data.x', not both") }
        let x = file?.name ?? optionalString(d, "x", path: "data.x") ?? "x"
        let y = optionalString(d, "y", path: "data.y")
        if y != nil && labels != nil { problems.append("give 'data.y' or 'data.labels', not both") }
        var scale: Float = 1
        if d["x_scale"] != nil, let s = number(d, "x_scale", path: "data.x_scale") {
            if s > 0, s.isFinite { scale = Float(s) } else { problems.append("field 'data.x_scale' must be a positive number (got \(s))") }
        }
        guard let file else { return nil }
        var source = ModelBundle.DataSource(file: file.file, x: x, y: y, labelsFile: labels?.file, xScale: scale)
        source.labelsArray = labels?.name
        return source
    }

    private mutating func classList() -> [String]? {
        guard let value = root["classes"] else { return nil }
        if value is NSNull { return nil }
        guard let list = value as? [Any], let names = list as? [String] else {
            problems.append("field 'classes' must be a list of strings")
            return nil
        }
        return names
    }

    /// `anomaly_classes`: names from `classes`, each at most once.
    private mutating func anomalyClassList(classes: [String]?) -> [String]? {
        guard let value = root["anomaly_classes"], !(value is NSNull) else { return nil }
        guard let list = value as? [Any], let names = list as? [String], !names.isEmpty else {
            problems.append("field 'anomaly_classes' must be a non-empty list of class names")
            return nil
        }
        guard let classes else {
            problems.append("field 'anomaly_classes' needs the field 'classes' to name the classes")
            return nil
        }
        if let problem = AnomalyClasses.problem(names, classes: classes, source: "field 'anomaly_classes'") {
            problems.append(problem)
            return nil
        }
        return names
    }

    // MARK: - Typed fields

    private mutating func object(_ d: [String: Any], _ key: String, path: String) -> [String: Any]? {
        guard let v = d[key] else { problems.append("missing field '\(path)'"); return nil }
        guard let o = v as? [String: Any] else { problems.append("field '\(path)' must be an object"); return nil }
        return o
    }

    private mutating func string(_ d: [String: Any], _ key: String, path: String) -> String? {
        guard let v = d[key] else { problems.append("missing field '\(path)'"); return nil }
        guard let s = v as? String, !s.isEmpty else { problems.append("field '\(path)' must be a non-empty string"); return nil }
        return s
    }

    private mutating func optionalString(_ d: [String: Any], _ key: String, path: String) -> String? {
        guard let v = d[key], !(v is NSNull) else { return nil }
        guard let s = v as? String, !s.isEmpty else { problems.append("field '\(path)' must be a non-empty string"); return nil }
        return s
    }

    private mutating func number(_ d: [String: Any], _ key: String, path: String) -> Double? {
        guard let v = d[key] else { problems.append("missing field '\(path)'"); return nil }
        guard let n = v as? NSNumber, !isJSONBoolean(n) else {
            problems.append("field '\(path)' must be a number"); return nil
        }
        return n.doubleValue
    }

    private mutating func integer(_ d: [String: Any], _ key: String, path: String) -> Int? {
        guard let x = number(d, key, path: path) else { return nil }
        guard x == x.rounded(), abs(x) < 1e15 else { problems.append("field '\(path)' must be an integer (got \(x))"); return nil }
        return Int(x)
    }

    private mutating func numberList(_ d: [String: Any], _ key: String, path: String) -> [Double]? {
        guard let v = d[key] else { problems.append("missing field '\(path)'"); return nil }
        guard let list = v as? [Any] else { problems.append("field '\(path)' must be a list of numbers"); return nil }
        var out: [Double] = []
        for item in list {
            guard let n = item as? NSNumber, !isJSONBoolean(n) else {
                problems.append("field '\(path)' must be a list of numbers"); return nil
            }
            out.append(n.doubleValue)
        }
        return out
    }

    private mutating func integerList(_ d: [String: Any], _ key: String, path: String) -> [Int]? {
        guard let list = numberList(d, key, path: path) else { return nil }
        guard list.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }) else {
            problems.append("field '\(path)' must be a list of integers"); return nil
        }
        return list.map { Int($0) }
    }

    private mutating func enumeration<E: RawRepresentable & CaseIterable>(_ d: [String: Any], _ key: String, path: String) -> E?
    where E.RawValue == String {
        guard let s = string(d, key, path: path) else { return nil }
        guard let e = E(rawValue: s) else {
            let allowed = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            problems.append("field '\(path)' must be \(allowed) (got '\(s)')")
            return nil
        }
        return e
    }

    private mutating func folderURL(_ d: [String: Any], _ key: String, path: String) -> URL? {
        guard let s = string(d, key, path: path) else { return nil }
        let url = s.hasPrefix("/") ? URL(fileURLWithPath: s) : folder.appendingPathComponent(s)
        guard ModelBundle.isFolder(url) else {
            problems.append("field '\(path)' names '\(s)', which is not a folder in \(folder.path)")
            return nil
        }
        return url.standardizedFileURL
    }

    /// A file field that may name an array inside an `.npz` (`file.npz:name`).
    private mutating func arrayReference(_ d: [String: Any], _ key: String, path: String) -> ArrayReference? {
        guard let s = string(d, key, path: path) else { return nil }
        let reference = ArrayReference(s.hasPrefix("/") ? URL(fileURLWithPath: s) : folder.appendingPathComponent(s))
        let name = reference.name.map { s.dropLast($0.count + 1) } ?? Substring(s)
        guard let url = existingFile(reference.file, named: String(name), path: path) else { return nil }
        return ArrayReference(file: url, name: reference.name)
    }

    private mutating func fileURL(_ d: [String: Any], _ key: String, path: String) -> URL? {
        guard let s = string(d, key, path: path) else { return nil }
        return existingFile(s.hasPrefix("/") ? URL(fileURLWithPath: s) : folder.appendingPathComponent(s), named: s, path: path)
    }

    private mutating func existingFile(_ url: URL, named s: String, path: String) -> URL? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            problems.append("field '\(path)' names '\(s)', which does not exist in \(folder.path)")
            return nil
        }
        guard !isDirectory.boolValue else {
            problems.append("field '\(path)' names '\(s)', which is a folder, not a file")
            return nil
        }
        return url.standardizedFileURL
    }
}

/// True when a Foundation number came from a JSON boolean (`true`/`false`), which must not pass as a number.
/// JSONSerialization stores booleans as numbers of Objective-C type `c`; JSON integers never get that type.
private func isJSONBoolean(_ n: NSNumber) -> Bool {
    String(cString: n.objCType) == "c"
}
