import Foundation
import XCTest

/// `latent umap` end to end: real processes on small NPY files, awkward inputs, and Ctrl-C.
final class UMAPCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try CLIFiles.temporaryFolder("latent-umap-cli") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A float32 NPY file of `rows × cols` values.
    private func write(_ name: String, _ values: [Float], rows: Int, cols: Int) throws -> String {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(cols)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Pseudo-random values in [0, 1).
    private func noise(_ count: Int, salt: Double = 0) -> [Float] {
        (0..<count).map { i in Float((sin(Double(i) * 12.9898 + salt) * 43758.5453).truncatingRemainder(dividingBy: 1).magnitude) }
    }

    func testAnEmbeddingThatRepeatsExactlyForAnyThreadCount() throws {
        let input = try write("x.npy", noise(500 * 6), rows: 500, cols: 6)
        var outputs: [Data] = []
        for (name, threads) in [("a.npy", "1"), ("b.npy", "2")] {
            let out = folder.appendingPathComponent(name).path
            let r = try LatentProcess.run(["umap", input, "--out", out, "--epochs", "50", "--threads", threads,
                                           "--min-dist", "0.2", "--spread", "1.5", "--neighbors", "10"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("UMAP: 50 epochs from spectral initialisation"), r.stderr)
            let (shape, values) = try CLIFiles.readFloats(URL(fileURLWithPath: out))
            XCTAssertEqual(shape, [500, 2])
            XCTAssertTrue(values.allSatisfy(\.isFinite))
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        let cosine = try LatentProcess.run(["umap", input, "--out", folder.appendingPathComponent("c.npy").path,
                                            "--epochs", "20", "--metric", "cosine", "--init", "pca"])
        XCTAssertEqual(cosine.status, 0, cosine.stderr)
        XCTAssertTrue(cosine.stderr.contains("from pca initialisation"), cosine.stderr)
    }

    func testAwkwardInputsGiveAResultOrOneLineAndExit2() throws {
        let out = folder.appendingPathComponent("y.npy").path
        let one = try write("one.npy", [1, 2, 3], rows: 1, cols: 3)
        let equal = try write("equal.npy", [Float](repeating: 4, count: 40 * 3), rows: 40, cols: 3)
        let few = try write("few.npy", noise(5 * 2), rows: 5, cols: 2)
        let duplicates = try write("dup.npy", (0..<(200 * 2)).map { Float($0 % 20) }, rows: 200, cols: 2)
        for input in [one, equal, few, duplicates] {
            let r = try LatentProcess.run(["umap", input, "--out", out, "--epochs", "30"])
            XCTAssertEqual(r.status, 0, "\(input): \(r.stderr)")
            let (shape, values) = try CLIFiles.readFloats(URL(fileURLWithPath: out))
            XCTAssertEqual(shape.last, 2)
            XCTAssertTrue(values.allSatisfy(\.isFinite), input)
        }
        let lowered = try LatentProcess.run(["umap", few, "--out", out, "--epochs", "10"])
        XCTAssertTrue(lowered.stderr.contains("neighbours lowered to 5 for 5 points"), lowered.stderr)
        let four = try LatentProcess.run(["umap", try write("four.npy", noise(4 * 2), rows: 4, cols: 2), "--out", out])
        XCTAssertTrue(four.stderr.contains("no spectral initialisation: 4 points are too few; started from PCA"), four.stderr)

        let nan = try write("nan.npy", [1, .nan, 3, 4], rows: 2, cols: 2)
        let zeros = try write("zeros.npy", [1, 2, 0, 0, 3, 4], rows: 3, cols: 2)
        let cases: [([String], String)] = [
            (["umap", nan, "--out", out], "NaN or infinite value at row 0, column 1"),
            (["umap", zeros, "--out", out, "--metric", "cosine"], "row 1 is all zeros"),
            (["umap", few, "--out", out, "--min-dist", "2"], "--min-dist"),
            (["umap", few, "--out", out, "--neighbors", "1"], "--neighbors"),
            (["umap", few, "--out", out, "--metric", "manhattan"], "manhattan"),
            (["umap", few, "--out", out, "--init", "random"], "random"),
            (["umap", few, "--out", out, "--threads", "0"], "--threads"),
            (["umap", folder.appendingPathComponent("missing.npy").path, "--out", out], "missing.npy"),
        ]
        for (arguments, expected) in cases {
            let r = try LatentProcess.run(arguments)
            XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(arguments): one line, got \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("latent: "), "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(arguments): '\(r.stderr)' should mention '\(expected)'")
        }
    }

    func testCtrlCStopsTheRunWithoutWritingTheOutput() throws {
        let input = try write("x.npy", noise(3000 * 4), rows: 3000, cols: 4)
        let out = folder.appendingPathComponent("y.npy")
        let process = Process()
        process.executableURL = LatentProcess.productsDirectory.appendingPathComponent("latent")
        process.arguments = ["umap", input, "--out", out.path, "--epochs", "1000000", "--threads", "1"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning)
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(sent), 2, "stops within an epoch")
        XCTAssertEqual(process.terminationStatus, 130, text)
        XCTAssertEqual(text, "latent: interrupted; \(out.path) not written\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }
}
