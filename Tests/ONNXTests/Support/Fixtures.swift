import Foundation
@testable import ONNX
import ONNXProto
import Tensors

/// Paths of the committed test fixtures.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Whether golden files should be re-recorded instead of compared.
    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// Reads a serialized TensorProto file.
    static func tensorProto(_ url: URL) throws -> Tensor {
        let proto = try Onnx_TensorProto(serializedBytes: Data(contentsOf: url))
        return try ModelLoader.tensor(proto, what: "tensor '\(proto.name)'", source: url.lastPathComponent)
    }
}

/// A comparison of a result with its expected value: nil when they agree, else why not.
func mismatch(_ actual: Tensor, _ expected: Tensor, rtol: Double, atol: Double) -> String? {
    guard actual.dtype == expected.dtype else { return "type \(actual.dtype.rawValue), expected \(expected.dtype.rawValue)" }
    guard actual.shape == expected.shape else { return "shape \(actual.shape), expected \(expected.shape)" }
    switch (actual.storage, expected.storage) {
    case (.float32(let a), .float32(let e)):
        return closeness(a.map(Double.init), e.map(Double.init), rtol: rtol, atol: atol)
    case (.float64(let a), .float64(let e)):
        return closeness(a, e, rtol: rtol, atol: atol)
    default:
        return actual == expected ? nil : "values differ: \(actual.int64Values().prefix(8)) vs \(expected.int64Values().prefix(8))"
    }
}

private func closeness(_ a: [Double], _ e: [Double], rtol: Double, atol: Double) -> String? {
    var worst: (Int, Double)? = nil
    for i in a.indices {
        if a[i].isNaN && e[i].isNaN { continue }
        if a[i] == e[i] { continue }
        let err = abs(a[i] - e[i])
        if !(err <= atol + rtol * abs(e[i])) {
            if worst == nil || err > worst!.1 || err.isNaN { worst = (i, err.isNaN ? .infinity : err) }
        }
    }
    guard let (i, err) = worst else { return nil }
    return "element \(i) is \(a[i]), expected \(e[i]) (error \(err))"
}
