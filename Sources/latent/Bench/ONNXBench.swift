import Foundation
import ONNX
import ONNXGraphBuilding
import Projection
import Tensors

/// `latent bench` suites `onnx.encode` and `onnx.decode`, in-process: batch encoding of 10,000 28×28 images and
/// single-sample decoding, through seeded `SyntheticModels` (an MLP encoder 784-512-256-2×16, a convolutional
/// encoder, an MLP decoder 16-256-512-784 and a 16-64-224×224 one, the explorer's 224×224 slider step) and through
/// the shipped bundles' encoders and decoders (`models/`: the MLP VAE, the conv autoencoder, the LSTM sequence
/// autoencoder) and the spatial-latent conv VAE fixture (Tests/Fixtures/exported/kl-vae), when run from the
/// repository root.
///
/// With `LATENT_BENCH_MODEL_DIR` set, the suites also write the synthetic models there as .onnx files, so
/// bench/onnx_vs_onnxruntime.py can time onnxruntime on the very same models (the shipped ones it reads in place).
enum ONNXBench {
    static let batch = 10_000
    static let decodeCalls = 2000

    /// A shipped model: the measurement's name, the file, and the batch it is timed on (1: one sample per call).
    struct Shipped {
        let name: String
        let path: String
        let batch: Int
    }

    static let shippedEncoders = [
        Shipped(name: "onnx.shipped.vae_encoder_10000", path: "models/fashion-mnist-vae/encoder.onnx", batch: 10_000),
        Shipped(name: "onnx.shipped.conv_ae_encoder_10000", path: "models/fashion-mnist-conv-ae/encoder.onnx", batch: 10_000),
        Shipped(name: "onnx.shipped.conv_ae_decoder_10000", path: "models/fashion-mnist-conv-ae/decoder.onnx", batch: 10_000),
        // The LSTM sequence autoencoder (427 steps) and the spatial-latent conv VAE fixture (3×32×32 ↔ 4×8×8).
        Shipped(name: "onnx.shipped.lstm_ae_encoder_1000", path: "models/osuleaf-lstm-ae/encoder.onnx", batch: 1000),
        Shipped(name: "onnx.shipped.lstm_ae_decoder_1000", path: "models/osuleaf-lstm-ae/decoder.onnx", batch: 1000),
        Shipped(name: "onnx.fixture.kl_vae_encoder_1000", path: "Tests/Fixtures/exported/kl-vae/encoder.onnx", batch: 1000),
        Shipped(name: "onnx.fixture.kl_vae_decoder_1000", path: "Tests/Fixtures/exported/kl-vae/decoder.onnx", batch: 1000),
    ]
    static let shippedDecoders = [
        Shipped(name: "onnx.shipped.vae_decoder_single", path: "models/fashion-mnist-vae/decoder.onnx", batch: 1),
        Shipped(name: "onnx.shipped.conv_ae_decoder_single", path: "models/fashion-mnist-conv-ae/decoder.onnx", batch: 1),
        Shipped(name: "onnx.fixture.kl_vae_decoder_single", path: "Tests/Fixtures/exported/kl-vae/decoder.onnx", batch: 1),
    ]

    static func runEncode(threads: Int) throws -> [BenchMeasurement] {
        Linalg.setThreads(threads)
        let models = try synthetic([
            ("mlp_encoder", SyntheticModels.mlpEncoder(input: [1, 28, 28], hidden: [512, 256], latent: 16, seed: 1)),
            ("conv_encoder", SyntheticModels.convEncoder(input: [1, 28, 28], channels: [32, 64], dense: 256, latent: 16, seed: 2)),
        ])
        var random = SeededGenerator(seed: 42)
        let images = try random.tensor([batch, 1, 28, 28])
        let mlpTime = try medianSeconds(repeats: 5, warmup: 1) { _ = try models[0].run(["x": images]) }
        let convTime = try medianSeconds(repeats: 3, warmup: 1) { _ = try models[1].run(["x": images]) }
        return [
            BenchMeasurement(name: "onnx.encode_mlp_10000", seconds: mlpTime,
                             detail: "MLP encoder 784-512-256-2×16, 10,000 images, \(threads) threads"),
            BenchMeasurement(name: "onnx.encode_conv_10000", seconds: convTime,
                             detail: "conv encoder 32-64 (3×3 s2) → 256 → 2×16, 10,000 images, \(threads) threads"),
        ] + (try shipped(shippedEncoders, threads: threads))
    }

    static func runDecode(threads: Int) throws -> [BenchMeasurement] {
        Linalg.setThreads(threads)
        let models = try synthetic([
            ("mlp_decoder", SyntheticModels.mlpDecoder(latent: 16, hidden: [256, 512], output: [1, 28, 28], seed: 3)),
            ("mlp224_decoder", SyntheticModels.mlpDecoder(latent: 16, hidden: [64], output: [1, 224, 224], seed: 5)),
        ])
        var random = SeededGenerator(seed: 42)
        let z = try random.tensor([1, 16])
        let decodeTime = try medianSeconds(repeats: 5, warmup: 1) {
            for _ in 0..<decodeCalls { _ = try models[0].run(["z": z]) }
        } / Double(decodeCalls)
        let decode224Time = try medianSeconds(repeats: 5, warmup: 1) {
            for _ in 0..<100 { _ = try models[1].run(["z": z]) }
        } / 100
        return [
            BenchMeasurement(name: "onnx.decode_mlp_single", seconds: decodeTime,
                             detail: "MLP decoder 16-256-512-784, one latent per call"),
            BenchMeasurement(name: "onnx.decode_mlp224_single", seconds: decode224Time,
                             detail: "MLP decoder 16-64-224×224, one latent per call"),
        ] + (try shipped(shippedDecoders, threads: threads))
    }

    /// Loads the synthetic models, writing them to `LATENT_BENCH_MODEL_DIR` first when it is set.
    private static func synthetic(_ models: [(name: String, data: Data)]) throws -> [ONNXModel] {
        if let dir = ProcessInfo.processInfo.environment["LATENT_BENCH_MODEL_DIR"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for m in models { try m.data.write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(m.name).onnx")) }
        }
        return try models.map { try ONNXModel.load(data: $0.data, name: "\($0.name).onnx") }
    }

    /// Times the shipped models that are present: a batch of inputs, or one input per call.
    private static func shipped(_ list: [Shipped], threads: Int) throws -> [BenchMeasurement] {
        var results: [BenchMeasurement] = []
        var random = SeededGenerator(seed: 42)
        for item in list where FileManager.default.fileExists(atPath: item.path) {
            let model = try ONNXModel.load(fileURL(item.path))
            guard let input = model.inputs.first, let dims = input.shape else { continue }
            // The declared shape with its batch dimension (or any other symbol) set to the batch size, or to 1.
            let shape = dims.map { $0.value ?? item.batch }
            let x = try random.tensor(shape)
            let seconds: Double
            if item.batch > 1 {
                seconds = try medianSeconds(repeats: 3, warmup: 1) { _ = try model.run(x) }
            } else {
                seconds = try medianSeconds(repeats: 5, warmup: 1) {
                    for _ in 0..<decodeCalls { _ = try model.run(x) }
                } / Double(decodeCalls)
            }
            let what = item.batch > 1 ? "\(item.batch) inputs, \(threads) threads" : "one input per call"
            results.append(BenchMeasurement(name: item.name, seconds: seconds, detail: "\(item.path), \(what)"))
        }
        return results
    }
}
