import Foundation
import Tensors

extension ModelBundle {
    /// Builds a bundle from command-line paths instead of a manifest.
    ///
    /// Two forms: an encoder with data (`--encoder e.onnx --decoder d.onnx --data x.npy [--labels y.npy]`; the data
    /// may be a folder of images, whose class sub-folders name the classes, and arrays inside an `.npz` are named
    /// `file.npz:array`), or
    /// precomputed latents (`--latents z.npy [--labels y.npy] [--decoder d.onnx]`). Sizes the models will tell
    /// (latent size, sample shape) stay nil here and are filled in when the files are read.
    /// - Throws: `BundleError` naming the flag or file at fault.
    public static func bringYourOwn(encoder: URL? = nil, decoder: URL? = nil, data: URL? = nil, labels: URL? = nil,
                                    latents: URL? = nil, kind: Kind = .ae,
                                    activation: Activation = .none, xScale: Float? = nil) throws(BundleError) -> ModelBundle {
        var problems: [String] = []
        if latents != nil && (encoder != nil || data != nil) {
            problems.append("give either --latents, or --encoder with --data, not both")
        }
        if latents == nil {
            if encoder == nil { problems.append("missing --encoder (or give --latents)") }
            if data == nil { problems.append("missing --data (the samples to encode)") }
        }
        // `file.npz:name` names an array inside an archive.
        let dataArray = data.map(ArrayReference.init), labelsArray = labels.map(ArrayReference.init)
        for (flag, url) in [("--encoder", encoder), ("--decoder", decoder), ("--data", dataArray?.file),
                            ("--labels", labelsArray?.file), ("--latents", latents)] {
            guard let url else { continue }
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                problems.append("\(flag) \(url.path): no such file")
            } else if isDirectory.boolValue && flag != "--data" {
                problems.append("\(flag) \(url.path): is a directory, expected a file")
            }
        }
        if latents != nil, labelsArray?.name != nil {
            problems.append("--labels with --latents must be an .npy (an array inside an .npz goes with --data)")
        }
        if let data, labels != nil, isFolder(data) {
            problems.append("--labels does not go with an image folder (--data \(data.path)): its class sub-folders are the labels")
        }
        if let xScale, !(xScale > 0 && xScale.isFinite) { problems.append("--x-scale must be a positive number") }
        if !problems.isEmpty { throw BundleError(file: "command line", problems: problems) }

        var latentDim: Int?
        if let latents {
            do {
                let z = try NPY.read(latents)
                guard z.rank == 2, z.shape[1] >= 1 else {
                    throw BundleError(file: latents.path, "latents must be a 2-d array (points × latent size), got shape \(z.shape)")
                }
                latentDim = z.shape[1]
            } catch let error as TensorIOError {
                throw BundleError(file: error.file, error.reason)
            } catch let error as BundleError {
                throw error
            } catch {
                throw BundleError(file: latents.path, "\(error)")
            }
        }
        let parts = [encoder, decoder, data, latents].compactMap { $0?.lastPathComponent }
        var bundle = ModelBundle(
            name: parts.joined(separator: " + "),
            kind: kind,
            latentDim: latentDim,
            sample: nil,
            encoder: encoder.map { Encoder(file: $0.standardizedFileURL) },
            decoder: decoder.map { Decoder(file: $0.standardizedFileURL, activation: activation) },
            data: dataArray.map {
                var source = DataSource(file: $0.file.standardizedFileURL, x: $0.name ?? "x",
                                        labelsFile: labelsArray?.file.standardizedFileURL, xScale: xScale ?? 1)
                source.labelsArray = labelsArray?.name
                source.inferScale = xScale == nil
                source.isFolder = isFolder($0.file)
                return source
            },
            latentsFile: latents?.standardizedFileURL,
            classes: data.flatMap { isFolder($0) ? ImageFolder.classNames(in: $0) : nil },
            folder: nil)
        if latents != nil { bundle.labelsFileForLatents = labels?.standardizedFileURL }  // .npy only
        return bundle
    }

    /// Whether a path is a folder (of images).
    public static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
