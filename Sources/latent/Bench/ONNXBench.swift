import Foundation
import ONNX
import Tensors

/// `latent bench` suite `onnx`: batch encoding of 10,000 28×28 images through an MLP encoder (784-512-256-2×16) and
/// a convolutional encoder, and single-sample decoding through an MLP decoder (16-256-512-784), the default bundle's
/// decoder and a 16-64-224×224 MLP decoder (the explorer's 224×224 slider step), in-process.
///
/// The models are `SyntheticModels` with seeded weights. With `LATENT_BENCH_MODEL_DIR` set, the suite also writes
/// them there as .onnx files, so bench/onnx_vs_onnxruntime.py can time onnxruntime on the very same models.
enum ONNXBench {
    static let batch = 10_000

    static func run(threads: Int) throws -> [BenchMeasurement] {
        Linalg.setThreads(threads)
        let models: [(name: String, data: Data)] = [
            ("mlp_encoder", SyntheticModels.mlpEncoder(input: [1, 28, 28], hidden: [512, 256], latent: 16, seed: 1)),
            ("conv_encoder", SyntheticModels.convEncoder(input: [1, 28, 28], channels: [32, 64], dense: 256, latent: 16, seed: 2)),
            ("mlp_decoder", SyntheticModels.mlpDecoder(latent: 16, hidden: [256, 512], output: [1, 28, 28], seed: 3)),
            ("mlp224_decoder", SyntheticModels.mlpDecoder(latent: 16, hidden: [64], output: [1, 224, 224], seed: 5)),
        ]
        if let dir = ProcessInfo.processInfo.environment["LATENT_BENCH_MODEL_DIR"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for m in models { try m.data.write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(m.name).onnx")) }
        }
        let mlp = try ONNXModel.load(data: models[0].data, name: "mlp_encoder.onnx")
        let conv = try ONNXModel.load(data: models[1].data, name: "conv_encoder.onnx")
        let decoder = try ONNXModel.load(data: models[2].data, name: "mlp_decoder.onnx")
        let decoder224 = try ONNXModel.load(data: models[3].data, name: "mlp224_decoder.onnx")
        let bundleDecoderPath = defaultBundlePath + "/decoder.onnx"
        let bundleDecoder = FileManager.default.fileExists(atPath: bundleDecoderPath)
            ? try ONNXModel.load(fileURL(bundleDecoderPath)) : nil

        var state: UInt64 = 42
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        let images = try Tensor(shape: [batch, 1, 28, 28], floats: (0..<(batch * 784)).map { _ in next() })
        let z = try Tensor(shape: [1, 16], floats: (0..<16).map { _ in next() * 2 - 1 })

        let mlpTime = try medianSeconds(repeats: 5, warmup: 1) { _ = try mlp.run(["x": images]) }
        let convTime = try medianSeconds(repeats: 3, warmup: 1) { _ = try conv.run(["x": images]) }
        let calls = 2000
        let decodeTime = try medianSeconds(repeats: 5, warmup: 1) {
            for _ in 0..<calls { _ = try decoder.run(["z": z]) }
        } / Double(calls)
        let decode224Time = try medianSeconds(repeats: 5, warmup: 1) {
            for _ in 0..<100 { _ = try decoder224.run(["z": z]) }
        } / 100
        var bundleMeasurements: [BenchMeasurement] = []
        if let bundleDecoder {
            let seconds = try medianSeconds(repeats: 5, warmup: 1) {
                for _ in 0..<calls { _ = try bundleDecoder.run(z) }
            } / Double(calls)
            bundleMeasurements.append(BenchMeasurement(name: "onnx.decode_bundle_single", seconds: seconds,
                                                       detail: "\(bundleDecoderPath), one latent per call"))
        }
        return [
            BenchMeasurement(name: "onnx.encode_mlp_10000", seconds: mlpTime,
                             detail: "MLP encoder 784-512-256-2×16, 10,000 images, \(threads) threads"),
            BenchMeasurement(name: "onnx.encode_conv_10000", seconds: convTime,
                             detail: "conv encoder 32-64 (3×3 s2) → 256 → 2×16, 10,000 images, \(threads) threads"),
            BenchMeasurement(name: "onnx.decode_mlp_single", seconds: decodeTime,
                             detail: "MLP decoder 16-256-512-784, one latent per call"),
            BenchMeasurement(name: "onnx.decode_mlp224_single", seconds: decode224Time,
                             detail: "MLP decoder 16-64-224×224, one latent per call"),
        ] + bundleMeasurements
    }
}
