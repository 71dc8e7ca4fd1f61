import Foundation
import XCTest

/// `latent knn` and the neighbour searches of `latent tsne` on awkward inputs: real processes on small files.
final class NeighbourCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try CLIFiles.temporaryFolder("latent-knn-cli") }
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

    func testApproximateAndExactSearchesAgreeOnSmallDataAndRepeat() throws {
        let values = (0..<(600 * 5)).map { i in Float(sin(Double(i) * 12.9898) * 43758.5453).truncatingRemainder(dividingBy: 1) }
        let input = try write("x.npy", values, rows: 600, cols: 5)
        var outputs: [Data] = []
        for (name, method) in [("exact.npy", "exact"), ("a.npy", "approx"), ("b.npy", "approx")] {
            let out = folder.appendingPathComponent(name).path
            let r = try LatentProcess.run(["knn", input, "--out", out, "--k", "7", "--knn", method, "--threads", "2"])
            XCTAssertEqual(r.status, 0, r.stderr)
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        XCTAssertEqual(outputs[1], outputs[2], "same seed: identical bytes")
        XCTAssertEqual(outputs[0].count, outputs[1].count, "600 × 7 int64 either way")
    }

    func testAwkwardInputsGiveAResultOrOneLineAndExit2() throws {
        let one = try write("one.npy", [1, 2, 3], rows: 1, cols: 3)
        let equal = try write("equal.npy", [Float](repeating: 4, count: 40 * 3), rows: 40, cols: 3)
        let few = try write("few.npy", (0..<(5 * 2)).map(Float.init), rows: 5, cols: 2)
        let inf = try write("inf.npy", [1, 2, .infinity, 4], rows: 2, cols: 2)
        let out = folder.appendingPathComponent("y.npy").path
        // documented results: fewer neighbours than asked, every distance 0, perplexity lowered
        let kTooLarge = try LatentProcess.run(["knn", few, "--out", out, "--k", "10", "--knn", "approx"])
        XCTAssertEqual(kTooLarge.status, 0, kTooLarge.stderr)
        XCTAssertTrue(kTooLarge.stderr.contains("4 neighbours per row"), kTooLarge.stderr)
        for input in [one, equal, few] {
            for extra in [["--knn", "approx"], ["--gradient", "fft"], ["--gradient", "fft", "--fit-sample", "3"]] {
                let r = try LatentProcess.run(["tsne", input, "--out", out, "--iterations", "30"] + extra)
                XCTAssertEqual(r.status, 0, "\(input) \(extra): \(r.stderr)")
                let (shape, values) = try CLIFiles.readFloats(URL(fileURLWithPath: out))
                XCTAssertEqual(shape.last, 2)
                XCTAssertTrue(values.allSatisfy(\.isFinite), "\(input) \(extra)")
            }
        }
        let lowered = try LatentProcess.run(["tsne", few, "--out", out, "--iterations", "10", "--perplexity", "50"])
        XCTAssertTrue(lowered.stderr.contains("perplexity lowered"), lowered.stderr)
        // errors: one line, exit 2
        for arguments in [["knn", inf, "--out", out], ["tsne", inf, "--out", out, "--knn", "approx"],
                          ["knn", few, "--out", out, "--k", "0"], ["tsne", few, "--out", out, "--gradient", "fast"]] {
            let r = try LatentProcess.run(arguments)
            XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").filter { !$0.isEmpty }.count, 1, "\(arguments): \(r.stderr)")
        }
    }
}
