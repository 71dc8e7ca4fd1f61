import ONNX

/// The shape of one latent code, settled from the manifest and what the encoder and decoder declare, and the
/// shape the decoder is fed codes in.
///
/// Codes are kept flat everywhere (N × the shape's product: projections, neighbours, outliers); only the decoder
/// sees them reshaped.
struct LatentShape: Equatable {
    /// One code's shape (`[d]` for a flat latent).
    var latent: [Int]
    /// What the decoder is fed per code: `latent`, or another shape holding as many values that it declares.
    var decoderFeed: [Int]

    /// Settles the latent shape: the manifest's `latent_shape`, else the encoder's declared code shape, else
    /// the decoder's declared input, else `[latent_dim]`; each model must fit it.
    ///
    /// - Parameters:
    ///   - encoder: the code output's declared sizes without the batch axis (moments already halved), or nil.
    ///   - decoder: the decoder input's declared sizes without the batch axis, or nil.
    /// - Throws: `BundleError` naming the model file and the field it disagrees with.
    static func resolve(bundle: ModelBundle, encoder: [Dim]?, decoder: [Dim]?) throws -> LatentShape {
        let encoderKnown = encoder.flatMap(allKnown)
        let decoderKnown = decoder.flatMap(allKnown)
        let encoderFile = bundle.encoder?.file.path ?? bundle.name
        let decoderFile = bundle.decoder?.file.path ?? bundle.name
        let latent: [Int]
        if let shape = bundle.latentShape {
            latent = shape
        } else if let d = bundle.latentDim {
            // Only a size: the shape a model declares with that many values, else flat.
            latent = [encoderKnown, decoderKnown].compactMap { $0 }.first { $0.reduce(1, *) == d } ?? [d]
        } else if let e = encoderKnown {
            if let d = decoderKnown, d.reduce(1, *) != e.reduce(1, *) {
                throw BundleError(file: decoderFile, "the encoder gives \(describe(e)) but the decoder takes \(describe(d))")
            }
            latent = e
        } else if let d = decoderKnown {
            latent = d
        } else {
            throw BundleError(file: bundle.name, "the latent size is unknown: give latent_dim (or latent_shape) in bundle.json")
        }
        let size = latent.reduce(1, *)
        let field = bundle.latentShape != nil ? "'latent_shape' is \(latent)" : "'latent_dim' is \(size)"
        if let e = encoderKnown, e.reduce(1, *) != size {
            if let d = decoderKnown, bundle.latentShape == nil, bundle.latentDim == nil || d.reduce(1, *) == size {
                throw BundleError(file: decoderFile, "the encoder gives \(describe(e)) but the decoder takes \(describe(d))")
            }
            throw BundleError(file: encoderFile, "the encoder gives \(describe(e)) but \(field)")
        }
        guard let feed = decoderFeed(latent, declared: decoder) else {
            if let e = encoderKnown, let d = decoderKnown, bundle.latentShape == nil {
                throw BundleError(file: decoderFile, "the encoder gives \(describe(e)) but the decoder takes \(describe(d))")
            }
            throw BundleError(file: decoderFile, "the decoder takes \(decoder.map { describe(dims: $0) } ?? "codes") but \(field)")
        }
        return LatentShape(latent: latent, decoderFeed: feed)
    }

    /// The shape codes of `latent` are fed to a decoder declaring `declared` in: the latent shape when the decoder
    /// admits it, flat when it takes one axis, its own sizes for a flat latent of as many values; nil when none
    /// fits.
    static func decoderFeed(_ latent: [Int], declared: [Dim]?) -> [Int]? {
        guard let declared else { return latent }
        let size = latent.reduce(1, *)
        if declared.count == latent.count, zip(declared, latent).allSatisfy({ $0.value == nil || $0.value == $1 }) {
            return latent
        }
        if declared.count == 1, declared[0].value == nil || declared[0].value == size { return [size] }
        // A flat size (only `latent_dim` given) fed in the shape the decoder declares.
        if latent.count == 1, let known = allKnown(declared), known.reduce(1, *) == size { return known }
        return nil
    }

    private static func allKnown(_ dims: [Dim]) -> [Int]? {
        let known = dims.compactMap(\.value)
        return known.count == dims.count && !known.isEmpty ? known : nil
    }

    /// "16-d codes" for a flat latent, "codes of shape [4, 8, 8] (256 values)" otherwise.
    static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "\(shape[0])-d codes" : "codes of shape \(shape) (\(shape.reduce(1, *)) values)"
    }

    private static func describe(dims: [Dim]) -> String {
        allKnown(dims).map(describe) ?? "codes of shape \(Dim.describe(dims))"
    }
}
