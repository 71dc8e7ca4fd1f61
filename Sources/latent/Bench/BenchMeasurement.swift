/// One timing reported by `latent bench`.
struct BenchMeasurement: Codable, Sendable {
    /// A stable key, e.g. `onnx.encode_mlp_10000`.
    var name: String
    /// Median wall time of the repeats, in seconds.
    var seconds: Double
    /// What was measured, for the human-readable table.
    var detail: String
    /// The matrix product timed, `[m, n, k, transB]` (suite `gemm`), so a peer can time the same shape.
    var product: [Int]? = nil
}

/// Runs `body` `repeats` times after `warmup` untimed runs and returns the median wall time in seconds.
func medianSeconds(repeats: Int = 5, warmup: Int = 1, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    for _ in 0..<max(1, repeats) {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return times[times.count / 2]
}

import Dispatch
