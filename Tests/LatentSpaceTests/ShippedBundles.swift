import Foundation
import Tensors
import XCTest
@testable import LatentSpace

/// The shipped bundles (`models/`) and their onnxruntime reference outputs (`Tests/Fixtures/shipped/`, written by
/// tools/make_shipped_fixtures.py): the first 64 samples scaled, the encoder outputs, and the raw decoder output.
enum ShippedBundles {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let names = ["fashion-mnist-vae", "fashion-mnist-conv-ae", "digits-vae-2d", "osuleaf-lstm-ae"]

    static func bundle(_ name: String) -> URL { repository.appendingPathComponent("models").appendingPathComponent(name) }

    static func fixture(_ name: String, _ file: String) -> URL {
        repository.appendingPathComponent("Tests/Fixtures/shipped").appendingPathComponent(name).appendingPathComponent(file)
    }

    /// The float32 values of a fixture array.
    static func floats(_ name: String, _ file: String) throws -> (shape: [Int], values: [Float]) {
        let t = try NPY.read(fixture(name, file))
        return (t.shape, t.floatValues())
    }

    /// A copy of a shipped bundle's data set holding only its first `count` samples (to keep debug-build tests fast).
    static func prefix(_ data: DataSet, _ count: Int) throws -> DataSet {
        let per = data.sample.size
        let samples: Tensor
        switch data.samples.storage {
        case .uint8(let a): samples = try Tensor(shape: [count] + data.sample.shape, bytes: Array(a[0..<(count * per)]))
        default: samples = try Tensor(shape: [count] + data.sample.shape, floats: Array(data.samples.floatValues()[0..<(count * per)]))
        }
        return DataSet(samples: samples, labels: data.labels.map { Array($0.prefix(count)) }, sample: data.sample, scale: data.scale)
    }
}

/// Asserts `actual ≈ expected` element-wise within `atol + rtol·|expected|`, reporting the worst element.
func assertClose(_ actual: [Float], _ expected: [Float], atol: Float = 1e-4, rtol: Float = 1e-3, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard actual.count == expected.count else {
        return XCTFail("\(what): \(actual.count) values, expected \(expected.count)", file: file, line: line)
    }
    var worst = -1
    var worstExcess: Float = 0
    for i in actual.indices {
        let excess = abs(actual[i] - expected[i]) - (atol + rtol * abs(expected[i]))
        if !(excess <= 0) && (worst < 0 || !(excess <= worstExcess)) { worst = i; worstExcess = excess }
    }
    if worst >= 0 {
        XCTFail("\(what): element \(worst) is \(actual[worst]), expected \(expected[worst]) (tolerance \(atol) + \(rtol)·|x|)",
                file: file, line: line)
    }
}
