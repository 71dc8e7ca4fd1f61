import Foundation
import ONNX
import Tensors

/// `latent bench` suite `onnx`: batch encoding of 10,000 28×28 images through an MLP encoder (784-512-256-2×16) and
/// a convolutional encoder, and single-sample decoding through an MLP decoder (16-256-512-784), in-process.
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
        ]
        if let dir = ProcessInfo.processInfo.environment["LATENT_BENCH_MODEL_DIR"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for m in models { try m.data.write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(m.name).onnx")) }
        }
        let mlp = try ONNXModel.load(data: models[0].data, name: "mlp_encoder.onnx")
        let conv = try ONNXModel.load(data: models[1].data, name: "conv_encoder.onnx")
        let decoder = try ONNXModel.load(data: models[2].data, name: "mlp_decoder.onnx")

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
        return [
            BenchMeasurement(name: "onnx.encode_mlp_10000", seconds: mlpTime,
                             detail: "MLP encoder 784-512-256-2×16, 10,000 images, \(threads) threads"),
            BenchMeasurement(name: "onnx.encode_conv_10000", seconds: convTime,
                             detail: "conv encoder 32-64 (3×3 s2) → 256 → 2×16, 10,000 images, \(threads) threads"),
            BenchMeasurement(name: "onnx.decode_mlp_single", seconds: decodeTime,
                             detail: "MLP decoder 16-256-512-784, one latent per call"),
        ]
    }
}
