import Foundation
import XCTest

/// Cells of the bad-input matrix (Tests/e2e/bad_inputs.sh) that failed before their fixes: each bad input now gives
/// exit status 2 and one `latent: ` line naming the file or field at fault.
final class BadInputCommandTests: XCTestCase {
    private var folder: URL!
    private let repository = LatentProcess.repositoryRoot

    override func setUpWithError() throws {
        folder = try CLIFiles.temporaryFolder("latent-bad-input-cli")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A copy of the tiny fixture bundle in the temporary folder.
    private func tinyCopy(_ name: String) throws -> URL {
        let copy = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: LatentProcess.fixture("bundles/tiny")), to: copy)
        return copy
    }

    /// Checks a run failed with status 2 and exactly one stderr line naming `phrases`.
    private func assertOneLine(_ r: LatentProcess, naming phrases: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("latent: "), r.stderr, file: file, line: line)
        for phrase in phrases { XCTAssertTrue(r.stderr.contains(phrase), "'\(r.stderr)' should name '\(phrase)'", file: file, line: line) }
    }

    /// `info` used to print the summary and exit 0 for a bundle whose decoder takes codes of another size.
    func testInfoFailsWhenEncoderAndDecoderLatentSizesDiffer() throws {
        let bundle = try tinyCopy("mismatch")
        let decoder = bundle.appendingPathComponent("decoder.onnx")
        try FileManager.default.removeItem(at: decoder)
        try FileManager.default.copyItem(at: repository.appendingPathComponent("models/fashion-mnist-vae/decoder.onnx"), to: decoder)
        let r = try LatentProcess.run(["info", bundle.path])
        assertOneLine(r, naming: ["decoder.onnx", "the encoder gives 2-d codes but the decoder takes 16-d codes"])
        XCTAssertTrue(r.stdout.contains("Name      Tiny VAE fixture"), "the summary is still printed: \(r.stdout)")
    }

    /// `info` used to exit 0 for a bundle whose encoder file is empty (only a "cannot run" line in the summary).
    func testInfoFailsWhenAModelCannotBeRead() throws {
        let bundle = try tinyCopy("empty-encoder")
        try Data().write(to: bundle.appendingPathComponent("encoder.onnx"))
        let r = try LatentProcess.run(["info", bundle.path])
        assertOneLine(r, naming: ["encoder.onnx", "not a valid ONNX model"])
        XCTAssertTrue(r.stdout.contains("cannot run"), r.stdout)
    }

    /// `encode` used to succeed from the cache for a bundle whose class list is shorter than its labels (the cache
    /// key leaves out class names), and fail without the cache.
    func testTheClassListIsCheckedWhenTheEncodingComesFromTheCache() throws {
        let cache = folder.appendingPathComponent("cache").path
        let good = try tinyCopy("good"), short = try tinyCopy("short")
        let manifest = short.appendingPathComponent("bundle.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"triangle\"", with: "").replacingOccurrences(of: "\"square\",", with: "\"square\"")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("z.npy").path
        let first = try LatentProcess.run(["encode", good.path, "--out", out], environment: ["XDG_CACHE_HOME": cache])
        XCTAssertEqual(first.status, 0, first.stderr)
        let cached = try LatentProcess.run(["encode", short.path, "--out", out], environment: ["XDG_CACHE_HOME": cache])
        assertOneLine(cached, naming: ["data.npz:y", "'classes' names only 2 classes"])
        let uncached = try LatentProcess.run(["encode", short.path, "--out", out, "--no-cache"])
        assertOneLine(uncached, naming: ["data.npz:y", "'classes' names only 2 classes"])
    }

    /// `encode` used to say "model input 'x' dimension 2 must be 4" without naming the model or the data; the data
    /// is now checked against the encoder's declared input before anything runs.
    func testDataOfAnotherShapeThanTheEncoderInputNamesTheEncoder() throws {
        let bundle = LatentProcess.fixture("bundles/tiny")
        let r = try LatentProcess.run(["encode", "--encoder", "\(bundle)/encoder.onnx", "--decoder", "\(bundle)/decoder.onnx",
                                       "--data", LatentProcess.fixture("bad_inputs/x.npy"), "--out",
                                       folder.appendingPathComponent("z.npy").path])
        assertOneLine(r, naming: ["x.npy", "each sample has 64 values (shape [1, 8, 8])",
                                  "encoder.onnx: input 'x' takes [N, 1, 4, 4], 16 values per sample"])
    }

    /// `onnx-run` used to report an input of the wrong shape without naming the file it came from.
    func testOnnxRunNamesTheInputFileOfTheWrongShape() throws {
        let r = try LatentProcess.run(["onnx-run", repository.appendingPathComponent("models/digits-vae-2d/encoder.onnx").path,
                                       "--input", LatentProcess.fixture("bad_inputs/x-4x4.npy"),
                                       "--output", folder.appendingPathComponent("y.npy").path])
        assertOneLine(r, naming: ["x-4x4.npy", "model input 'x' dimension 2 must be 8"])
    }

    /// `tsne` used to run every iteration and only then find that its output folder does not exist.
    func testAnOutputIntoAMissingFolderIsRefusedBeforeTheWork() throws {
        let target = folder.appendingPathComponent("nowhere/y.npy").path
        let r = try LatentProcess.run(["tsne", LatentProcess.fixture("bad_inputs/x.npy"), "--out", target, "--iterations", "100000"])
        assertOneLine(r, naming: [target, "the folder \(folder.appendingPathComponent("nowhere").path) does not exist"])
    }

    /// `sixel-encode` used to encode an image holding NaN without a word.
    func testSixelEncodeRefusesNaN() throws {
        let r = try LatentProcess.run(["sixel-encode", LatentProcess.fixture("bad_inputs/image-nan.npy"),
                                       "--out", folder.appendingPathComponent("i.six").path])
        assertOneLine(r, naming: ["image-nan.npy", "is NaN or infinite"])
    }

    /// A `data.file` that is a folder used to fail with "cannot read the bundle's files to hash them (… error 256)".
    func testADataFileThatIsAFolderIsNamed() throws {
        let bundle = try tinyCopy("folder-data")
        let data = bundle.appendingPathComponent("data.npz")
        try FileManager.default.removeItem(at: data)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: false)
        let r = try LatentProcess.run(["encode", bundle.path, "--out", folder.appendingPathComponent("z.npy").path])
        assertOneLine(r, naming: ["bundle.json", "field 'data.file' names 'data.npz', which is a folder, not a file"])
    }
}
