import Foundation
@testable import ONNX
import Tensors
import XCTest

/// The official ONNX backend node tests for our operators (Tests/Fixtures/onnx-node, refreshed by
/// tools/make_onnx_node_fixtures.py): every test listed in expected-pass.txt must pass; the rest are reported.
///
/// `RECORD_SNAPSHOTS=1` rewrites expected-pass.txt with the tests that pass now.
final class NodeConformanceTests: XCTestCase {
    private let folder = Fixtures.root.appendingPathComponent("onnx-node")

    /// Runs one test folder: nil when it passes, else the reason.
    private func run(_ dir: URL) -> String? {
        struct Case: Decodable { var rtol: Double; var atol: Double }
        do {
            let meta = try JSONDecoder().decode(Case.self, from: Data(contentsOf: dir.appendingPathComponent("case.json")))
            let model = try ONNXModel.load(dir.appendingPathComponent("model.onnx"))
            let data = dir.appendingPathComponent("test_data_set_0")
            var feeds: [String: Tensor] = [:]
            for (i, input) in model.inputs.enumerated() {
                feeds[input.name] = try Fixtures.tensorProto(data.appendingPathComponent("input_\(i).pb"))
            }
            let results = try model.run(feeds)
            for (i, output) in model.outputs.enumerated() {
                let expected = try Fixtures.tensorProto(data.appendingPathComponent("output_\(i).pb"))
                guard let actual = results[output.name] else { return "output '\(output.name)' missing" }
                if let why = mismatch(actual, expected, rtol: max(meta.rtol, 1e-5), atol: max(meta.atol, 1e-6)) {
                    return "output '\(output.name)': \(why)"
                }
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testNodeTests() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("test_") }.sorted()
        XCTAssertGreaterThan(names.count, 500, "node test fixtures are missing")
        var failures: [(String, String)] = []
        for name in names {
            if let why = run(folder.appendingPathComponent(name)) { failures.append((name, why)) }
        }
        let passed = names.filter { n in !failures.contains { $0.0 == n } }
        print("ONNX node tests: \(passed.count) of \(names.count) pass")
        for (name, why) in failures { print("  \(name): \(why)") }

        let listURL = folder.appendingPathComponent("expected-pass.txt")
        if Fixtures.recording {
            try (passed.joined(separator: "\n") + "\n").write(to: listURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: listURL, encoding: .utf8).split(separator: "\n").map(String.init)
        for name in expected {
            if let failure = failures.first(where: { $0.0 == name }) {
                XCTFail("\(name) is expected to pass: \(failure.1)")
            }
            XCTAssertTrue(names.contains(name), "\(name) is listed in expected-pass.txt but has no fixture")
        }
    }
}
