import Foundation
import XCTest

/// `latent pca` and `latent tsne` end to end: real processes on small NPY files.
final class ProjectionCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-projection-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes a little-endian NPY file with the given dtype descriptor and raw bytes.
    private func writeNPY(_ name: String, descr: String, shape: [Int], bytes: [UInt8]) throws -> String {
        let dims = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: bytes)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    private func writeFloats(_ name: String, _ values: [Float], shape: [Int]) throws -> String {
        try writeNPY(name, descr: "<f4", shape: shape, bytes: values.withUnsafeBytes { Array($0) })
    }

    /// The shape and float32 values of an NPY file written by `latent`.
    private func readFloats(_ path: String) throws -> (shape: [Int], values: [Float]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.contains("'<f4'"), header)
        let shapeText = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = data[(10 + headerLength)...]
        let values = body.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return (shape, values)
    }

    /// Three separated clusters of 20 points in 4-D, as uint8 (pixels-like input).
    private func clusters() -> [UInt8] {
        (0..<60).flatMap { i -> [UInt8] in
            let c = i / 20
            return (0..<4).map { j in UInt8(40 + 80 * (j == c ? 1 : 0) + (i * 7 + j * 3) % 11) }
        }
    }

    func testPCAOfAUInt8Matrix() throws {
        let input = try writeNPY("x.npy", descr: "|u1", shape: [60, 4], bytes: clusters())
        let out = folder.appendingPathComponent("y.npy").path
        let r = try LatentProcess.run(["pca", input, "--out", out, "--components", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("explained variance ratio: "), r.stderr)
        let (shape, values) = try readFloats(out)
        XCTAssertEqual(shape, [60, 3])
        XCTAssertTrue(values.allSatisfy(\.isFinite))
        // scores are centred
        XCTAssertEqual(Double((0..<60).map { values[$0 * 3] }.reduce(0, +)) / 60, 0, accuracy: 1e-3)
    }

    func testTSNEWritesAnEmbeddingAndRepeatsExactly() throws {
        let input = try writeNPY("x.npy", descr: "|u1", shape: [60, 4], bytes: clusters())
        var outputs: [Data] = []
        for name in ["a.npy", "b.npy"] {
            let out = folder.appendingPathComponent(name).path
            let r = try LatentProcess.run(["tsne", input, "--out", out, "--perplexity", "10", "--iterations", "120",
                                           "--early-iterations", "40", "--seed", "3", "--threads", "2"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("KL divergence: "), r.stderr)
            XCTAssertEqual(try readFloats(out).shape, [60, 2])
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        XCTAssertEqual(outputs[0], outputs[1], "same seed and threads: identical bytes")
    }

    func testTSNEFitsASampleAndPlacesTheRestRepeatably() throws {
        let input = try writeNPY("x.npy", descr: "|u1", shape: [60, 4], bytes: clusters())
        let labels = try writeNPY("y.npy", descr: "<i8", shape: [60],
                                  bytes: (0..<60).map { Int64($0 / 20) }.withUnsafeBytes { Array($0) })
        var outputs: [Data] = []
        for name in ["a.npy", "b.npy"] {
            let out = folder.appendingPathComponent(name).path
            let r = try LatentProcess.run(["tsne", input, "--out", out, "--perplexity", "5", "--iterations", "120",
                                           "--early-iterations", "40", "--fit-sample", "30", "--labels", labels,
                                           "--gradient", "fft", "--init", "random", "--threads", "2"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("placing 30 points"), r.stderr)
            let (shape, values) = try readFloats(out)
            XCTAssertEqual(shape, [60, 2])
            XCTAssertTrue(values.allSatisfy(\.isFinite))
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        XCTAssertEqual(outputs[0], outputs[1], "same seed and threads: identical bytes")
    }

    func testBadInputExitsWith2AndOneLine() throws {
        let nan = try writeFloats("nan.npy", [1, .nan, 3, 4], shape: [2, 2])
        let small = try writeFloats("small.npy", [1, 2, 3, 4], shape: [2, 2])
        let empty = try writeFloats("empty.npy", [], shape: [0, 3])
        let out = folder.appendingPathComponent("y.npy").path
        let cases: [([String], String)] = [
            (["pca", nan, "--out", out], "NaN or infinite value at row 0, column 1"),
            (["tsne", nan, "--out", out], "NaN or infinite value at row 0, column 1"),
            (["pca", small, "--out", out, "--components", "3"], "fewer than --components 3"),
            (["pca", empty, "--out", out], "is empty"),
            (["tsne", folder.appendingPathComponent("missing.npy").path, "--out", out], "missing.npy"),
            (["tsne", small, "--out", out, "--perplexity", "0"], "--perplexity"),
            (["tsne", small, "--out", out, "--threads", "0"], "--threads"),
            (["tsne", small, "--out", out, "--fit-sample", "0"], "--fit-sample"),
            (["tsne", small, "--out", out, "--labels", small], "--labels needs --fit-sample"),
            (["tsne", small, "--out", out, "--fit-sample", "1", "--labels", nan], "not one label for each"),
            (["tsne", small, "--out", out, "--gradient", "fast"], "--gradient"),
        ]
        for (arguments, expected) in cases {
            let r = try LatentProcess.run(arguments)
            XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(arguments): '\(r.stderr)' should mention '\(expected)'")
            XCTAssertEqual(r.stderr.split(separator: "\n").filter { !$0.isEmpty }.count, 1,
                           "\(arguments): one line, got \(r.stderr)")
        }
    }
}
