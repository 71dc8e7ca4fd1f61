import Foundation

/// A trained autoencoder with its data: the manifest of a bundle folder (`bundle.json`), or the same
/// information assembled from command-line paths (bring-your-own).
///
/// All file references are absolute URLs, resolved against the bundle folder when they came from a manifest.
public struct ModelBundle: Sendable, Equatable {
    /// The manifest format this version reads.
    public static let supportedFormat = 1

    /// `ae` (the encoder gives the code) or `vae` (the encoder's mean output is the code).
    public enum Kind: String, Sendable, CaseIterable { case ae, vae }
    /// What a sample is: an image (drawn as a picture), a sequence (T steps × F features) or a vector (F values),
    /// both drawn as line charts.
    public enum SampleType: String, Sendable, CaseIterable { case image, sequence, vector }
    /// Where an image's channels are: first (`nchw`, as torch exports) or last (`nhwc`, as Keras and tf2onnx).
    public enum Layout: String, Sendable, CaseIterable { case nchw, nhwc }
    /// How an encoder returns a VAE's moments in one tensor: `channels`, mean and log-variance stacked along axis
    /// 1 (diffusers' `DiagonalGaussianDistribution` parameters).
    public enum Moments: String, Sendable, CaseIterable { case channels }
    /// Whether the decoder output still needs a sigmoid to reach the sample range.
    public enum Activation: String, Sendable, CaseIterable { case none, sigmoid }

    /// What one sample looks like.
    public struct Sample: Sendable, Equatable {
        public var type: SampleType
        /// One sample as the model takes it: C×H×W (`nchw`) or H×W×C (`nhwc`) for images (C = 1 or 3), T×F for
        /// sequences, [F] for vectors.
        public var shape: [Int]
        /// The value range of a sample after scaling (pixels usually [0, 1]).
        public var range: ClosedRange<Float>
        /// Where an image's channels are in `shape` (`nchw` for other types).
        public var layout: Layout

        public init(type: SampleType, shape: [Int], range: ClosedRange<Float> = 0...1, layout: Layout = .nchw) {
            self.type = type
            self.shape = shape
            self.range = range
            self.layout = layout
        }

        /// Values per sample.
        public var size: Int { shape.reduce(1, *) }

        /// An image's channels, height and width whatever its layout (nil for other types).
        public var imageSize: (channels: Int, height: Int, width: Int)? {
            guard type == .image, shape.count == 3 else { return nil }
            return layout == .nhwc ? (shape[2], shape[0], shape[1]) : (shape[0], shape[1], shape[2])
        }

        /// A sequence's steps and features (a vector is one feature over its values; nil for images).
        public var series: (steps: Int, features: Int)? {
            switch type {
            case .image: return nil
            case .sequence where shape.count == 2: return (shape[0], shape[1])
            default: return (size, 1)
            }
        }

        /// The most values per sample a manifest may declare (2³¹ − 1): a bound on `size` that keeps every
        /// product of it with a sample count checkable.
        public static let maxSize = Int(Int32.max)
    }

    /// The encoder model and the names of its input and outputs.
    public struct Encoder: Sendable, Equatable {
        public var file: URL
        /// The input name; nil means the model's only input.
        public var input: String?
        /// The output holding the code (`mean` for a VAE, `output` for an AE); nil means the model's first output.
        public var code: String?
        /// A VAE's log-variance output.
        public var logvar: String?
        /// Set when the code output holds mean and log-variance together (then `logvar` is nil).
        public var moments: Moments?

        public init(file: URL, input: String? = nil, code: String? = nil, logvar: String? = nil, moments: Moments? = nil) {
            self.file = file
            self.input = input
            self.code = code
            self.logvar = logvar
            self.moments = moments
        }
    }

    /// The decoder model, its input and output names, and its output activation.
    public struct Decoder: Sendable, Equatable {
        public var file: URL
        public var input: String?
        public var output: String?
        public var activation: Activation

        public init(file: URL, input: String? = nil, output: String? = nil, activation: Activation = .none) {
            self.file = file
            self.input = input
            self.output = output
            self.activation = activation
        }
    }

    /// Where the samples (and labels) are, and how to scale them.
    public struct DataSource: Sendable, Equatable {
        /// An `.npz` archive holding `x` (and `y`), an `.npy` file of samples, or a folder of images.
        public var file: URL
        /// The array name of the samples inside an `.npz`.
        public var x: String
        /// The array name of the labels inside an `.npz`, if any.
        public var y: String?
        /// A separate file of labels: an `.npy`, or an `.npz` holding them as `labelsArray`.
        public var labelsFile: URL?
        /// The labels' array name inside `labelsFile` when it is an `.npz` (default `y`).
        public var labelsArray: String?
        /// Samples are divided by this to reach the sample range (255 for uint8 pixels).
        public var xScale: Float
        /// Bring-your-own without `--x-scale`: 255 for uint8 samples, else `xScale`.
        public var inferScale = false
        /// `file` is a folder of images (`ImageFolder`), not an array file.
        public var isFolder = false
        /// Leave out images that cannot be decoded instead of failing (`--skip-bad`).
        public var skipBad = false
        /// Per-channel normalisation the encoder expects (`data.mean`/`data.std`, `--mean`/`--std`).
        public var normalization: Normalization?

        public init(file: URL, x: String = "x", y: String? = nil, labelsFile: URL? = nil, xScale: Float = 1) {
            self.file = file
            self.x = x
            self.y = y
            self.labelsFile = labelsFile
            self.xScale = xScale
        }
    }

    public var name: String
    public var kind: Kind
    /// The latent size (values per code); nil when not yet known (bring-your-own before the models are read).
    public var latentDim: Int?
    /// The shape of one code as the decoder takes it (e.g. [4, 16, 16]); codes are kept flat, `latentDim` values
    /// each. Nil: from the models, else `[latentDim]`.
    public var latentShape: [Int]?
    /// Bring-your-own `--layout`: where the channels of image data are when the shapes do not tell.
    public var layoutHint: Layout?
    /// Nil when not yet known (bring-your-own latents without a decoder).
    public var sample: Sample?
    public var encoder: Encoder?
    public var decoder: Decoder?
    /// The samples; nil when the bundle is latents only.
    public var data: DataSource?
    /// Precomputed latent codes (`--latents z.npy`), instead of an encoder and data.
    public var latentsFile: URL?
    /// Labels for precomputed latents (`--latents z.npy --labels y.npy`).
    public var labelsFileForLatents: URL?
    /// Class names, index = label value; nil when there are no names.
    public var classes: [String]?
    /// The classes held out as anomalies (`anomaly_classes`, names from `classes`): outlier scores are then
    /// measured by how well they rank these points first.
    public var anomalyClasses: [String]?
    /// The bundle folder, when loaded from a manifest.
    public var folder: URL?

    public init(name: String, kind: Kind, latentDim: Int?, latentShape: [Int]? = nil, sample: Sample?, encoder: Encoder?,
                decoder: Decoder?, data: DataSource?, latentsFile: URL? = nil, classes: [String]? = nil, folder: URL? = nil) {
        self.name = name
        self.kind = kind
        self.latentDim = latentDim
        self.latentShape = latentShape
        self.sample = sample
        self.encoder = encoder
        self.decoder = decoder
        self.data = data
        self.latentsFile = latentsFile
        self.classes = classes
        self.folder = folder
    }

    /// Every file the bundle refers to, for hashing and existence checks (not an image folder: its listing is
    /// hashed instead, see `ImageFolder.fingerprint`).
    public var files: [URL] {
        let samples = data?.isFolder == true ? nil : data?.file
        return [encoder?.file, decoder?.file, samples, data?.labelsFile, latentsFile, labelsFileForLatents].compactMap { $0 }
    }
}
