import Foundation
import XCTest

/// `latent onnx-run`: arrays in, arrays out, and one-line errors with exit status 2 for bad models and data.
final class OnnxRunCommandTests: XCTestCase {
    private let temp = FileManager.default.temporaryDirectory.appendingPathComponent("latent-onnx-run-tests")

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { temp.appendingPathComponent(name).path }

    /// The shape written in an .npy header.
    private func npyShape(_ file: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let header = String(decoding: data.prefix(128), as: UTF8.self)
        guard let start = header.range(of: "'shape': ("), let end = header[start.upperBound...].firstIndex(of: ")") else { return "" }
        return String(header[start.upperBound..<end])
    }

    func testRunsATwoHeadModelIntoFiles() throws {
        let model = LatentProcess.fixture("onnx/vae_two_heads_ts17/model.onnx")
        let input = LatentProcess.fixture("onnx/vae_two_heads_ts17/input.npy")
        let r = try LatentProcess.run(["onnx-run", model, "--input", input, "--output", path("mu.npy"), "--output", path("logvar.npy")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(try npyShape(path("mu.npy")), "3, 6")
        XCTAssertEqual(try npyShape(path("logvar.npy")), "3, 6")
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: path("mu.npy"))),
                          try Data(contentsOf: URL(fileURLWithPath: path("logvar.npy"))))

        let named = try LatentProcess.run(["onnx-run", model, "--input", "x=\(input)", "--output", path("second.npy"),
                                           "--output-name", "y1"])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("second.npy"))),
                       try Data(contentsOf: URL(fileURLWithPath: path("logvar.npy"))))

        let npz = try LatentProcess.run(["onnx-run", model, "--input", input, "--output", path("both.npz"), "--profile"])
        XCTAssertEqual(npz.status, 0, npz.stderr)
        XCTAssertTrue(npz.stderr.contains("(Gemm)"), npz.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("both.npz")))
    }

    func testBadInputsExit2WithOneLine() throws {
        try Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).write(to: URL(fileURLWithPath: path("random.onnx")))
        let twoHeads = LatentProcess.fixture("onnx/vae_two_heads_ts17/model.onnx")
        let input = LatentProcess.fixture("onnx/vae_two_heads_ts17/input.npy")
        let wrongShape = LatentProcess.fixture("onnx/mlp_decoder_ts17/input.npy")
        let cases: [([String], String)] = [
            (["onnx-run", path("missing.onnx"), "--input", input, "--output", path("o.npy")], "no such file"),
            (["onnx-run", path("random.onnx"), "--input", input, "--output", path("o.npy")], "not a valid ONNX model"),
            (["onnx-run", LatentProcess.fixture("onnx-node/test_cast_FLOAT_to_FLOAT16/model.onnx"), "--input", input,
              "--output", path("o.npy")], "unsupported ONNX operator 'Cast' (node 'Cast_0', opset 28): cast to float16"),
            (["onnx-run", twoHeads, "--input", wrongShape, "--output", path("o.npy")], "model input 'x' takes rank 4"),
            (["onnx-run", twoHeads, "--input", input, "--output", path("o.npy"), "--output-name", "nope"],
             "the model has no output named 'nope'"),
            (["onnx-run", twoHeads, "--input", path("absent.npy"), "--output", path("o.npy")], "absent.npy"),
        ]
        for (arguments, expected) in cases {
            let r = try LatentProcess.run(arguments)
            XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(expected), "'\(r.stderr)' should mention '\(expected)'")
        }
    }
}
