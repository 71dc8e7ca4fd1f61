import ONNX

/// How samples are told apart and fed to a model: an image's layout from its shape, and what a bring-your-own
/// sample is from the data's shape and the encoder's declared input (never a flattening guess).
public enum SampleFeeding {
    /// Where the channels of a 3-d image shape are: first (`nchw`) when only the first size is 1 or 3, last
    /// (`nhwc`) when only the last is; when both or neither could be, `hint` decides (nil: cannot tell).
    public static func layout(of shape: [Int], hint: ModelBundle.Layout?) -> ModelBundle.Layout? {
        guard shape.count == 3 else { return nil }
        let first = shape[0] == 1 || shape[0] == 3, last = shape[2] == 1 || shape[2] == 3
        if let hint { return (hint == .nchw ? first : last) ? hint : nil }
        switch (first, last) {
        case (true, false): return .nchw
        case (false, true): return .nhwc
        // [3, 32, 3] or [1, 28, 1]: channels first, as torch exports and as this format always read it.
        case (true, true): return .nchw
        case (false, false): return nil
        }
    }

    /// What a sample of `dims` (without the batch axis) is: 3-d with channels 1 or 3 at either end an image,
    /// 2-d an image without a channel axis when `twoDimensionalImages` (grey pixels [H, W]) and a sequence
    /// otherwise, anything else a vector of all its values.
    static func describe(_ dims: [Int], hint: ModelBundle.Layout?, twoDimensionalImages: Bool) -> ModelBundle.Sample {
        switch dims.count {
        case 3:
            if let layout = layout(of: dims, hint: hint) { return .init(type: .image, shape: dims, layout: layout) }
        case 2:
            if twoDimensionalImages {
                return .init(type: .image, shape: hint == .nhwc ? dims + [1] : [1] + dims, layout: hint ?? .nchw)
            }
            return .init(type: .sequence, shape: dims)
        case 1:
            return .init(type: .vector, shape: dims)
        default:
            break
        }
        return .init(type: .vector, shape: [dims.reduce(1, *)])
    }

    /// The sample of bring-your-own data of shape `dataShape` ([N, ...]) for an encoder declaring `declared`
    /// ([N, ...], nil when undeclared or when there is no encoder).
    ///
    /// The encoder's input decides when it declares every size (flat data then feeds an image encoder, unless the
    /// encoder itself is flat and the data is an image); when some sizes are symbols (a sequence of any length),
    /// the data must have the encoder's rank and fit its sizes. Without a declared input the data's shape alone
    /// decides ([N, H, W] and [N, C, H, W] or [N, H, W, C] images, [N, T, F] sequences only with an encoder).
    /// - Throws: `BundleError` naming the data file and the encoder input when they cannot fit.
    public static func infer(dataShape: [Int], model: LatentModel?, hint: ModelBundle.Layout?,
                             dataFile: String) throws -> ModelBundle.Sample {
        try infer(dataShape: dataShape, declared: model?.encoderInputShape, input: model?.encoderInput ?? "",
                  encoderFile: model?.bundle.encoder?.file.lastPathComponent, hint: hint, dataFile: dataFile)
    }

    static func infer(dataShape: [Int], declared: [Dim]?, input: String, encoderFile: String?,
                      hint: ModelBundle.Layout?, dataFile: String) throws -> ModelBundle.Sample {
        let dims = Array(dataShape.dropFirst())
        let size = dims.reduce(1, *)
        guard let declared, declared.count >= 1 else {
            return try checked(describe(dims, hint: hint, twoDimensionalImages: true), dims: dims, hint: hint, file: dataFile)
        }
        let wanted = Array(declared.dropFirst())
        let known = wanted.compactMap(\.value)
        let takes = "\(encoderFile ?? "the encoder"): input '\(input)' takes \(Dim.describe(declared))"
        if known.count == wanted.count {
            guard known.reduce(1, *) == size else {
                throw BundleError(file: dataFile, "each sample has \(size) values (shape \(dims)) but \(takes), "
                                  + "\(known.reduce(1, *)) values per sample")
            }
            let fromData = describe(dims, hint: hint, twoDimensionalImages: true)
            if known.count == 1 && fromData.type == .image { return try checked(fromData, dims: dims, hint: hint, file: dataFile) }
            return try checked(describe(known, hint: hint, twoDimensionalImages: false), dims: known, hint: hint, file: dataFile)
        }
        guard wanted.count == dims.count, zip(wanted, dims).allSatisfy({ $0.value == nil || $0.value == $1 }) else {
            throw BundleError(file: dataFile, "the data has shape \(dataShape) but \(takes)")
        }
        return try checked(describe(dims, hint: hint, twoDimensionalImages: false), dims: dims, hint: hint, file: dataFile)
    }

    /// The sample of a decoder's output sizes (without the batch axis), for latents brought without data.
    static func decoded(_ dims: [Int], hint: ModelBundle.Layout?) -> ModelBundle.Sample {
        describe(dims, hint: hint, twoDimensionalImages: dims.count == 2 && dims.allSatisfy { $0 > 4 })
    }

    /// Refuses a `--layout` that samples of `dims` cannot have.
    private static func checked(_ sample: ModelBundle.Sample, dims: [Int], hint: ModelBundle.Layout?, file: String) throws -> ModelBundle.Sample {
        if let hint, dims.count == 3, layout(of: dims, hint: hint) == nil {
            let axis = hint == .nchw ? "first" : "last"
            throw BundleError(file: file, "--layout \(hint.rawValue) cannot fit samples of shape \(dims): the \(axis) size is not 1 or 3 channels")
        }
        return sample
    }
}
