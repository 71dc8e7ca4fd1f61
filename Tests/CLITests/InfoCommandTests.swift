import XCTest

final class InfoCommandTests: XCTestCase {
    func testInfoPrintsTheSummary() throws {
        let r = try LatentProcess.run(["info", LatentProcess.fixture("bundles/tiny")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Name      Tiny VAE fixture"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Kind      vae, 2-d latent"), r.stdout)
        XCTAssertTrue(r.stdout.contains("data.npz:x uint8 [12×1×4×4], 12 samples"), r.stdout)
        XCTAssertTrue(r.stdout.contains("    1  square                4"), r.stdout)
        XCTAssertEqual(r.stderr, "")
    }

    func testEveryBrokenBundlePrintsOneLineAndExits2() throws {
        let cases: [(String, String)] = [
            ("malformed-json", "malformed JSON"),
            ("wrong-format", "field 'format' is 2"),
            ("missing-fields", "missing field 'latent_dim'; missing field 'encoder.mean'"),
            ("wrong-kind", "field 'kind' must be 'ae' or 'vae'"),
            ("missing-encoder-file", "field 'encoder.file' names 'nowhere.onnx'"),
            ("bad-types", "field 'classes' must be a list of strings"),
            ("missing-array", "no array named 'pixels'"),
            ("wrong-sample-shape", "but 'sample.shape' [1, 5, 5] needs 25"),
            ("short-class-list", "'classes' names only 2 classes"),
            ("label-count", "there are 10 labels for 12 samples"),
            ("nan-data", "NaN or infinite"),
            ("no-such-bundle", "no such bundle folder"),
        ]
        for (name, expected) in cases {
            let r = try LatentProcess.run(["info", LatentProcess.fixture("bundles/\(name)")])
            XCTAssertEqual(r.status, 2, "\(name): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", name)
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(name): one line, got \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("latent: "), name)
            XCTAssertTrue(r.stderr.contains(expected), "\(name): '\(r.stderr)' should mention '\(expected)'")
        }
    }

    func testVersionAndHelp() throws {
        let version = try LatentProcess.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.first?.isNumber ?? false, version.stdout)
        let help = try LatentProcess.run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("info"), help.stdout)
        XCTAssertTrue(help.stdout.contains("Exit status: 0 success, 1 runtime failure, 2 bad input or usage."), help.stdout)
        let usage = try LatentProcess.run(["info"])
        XCTAssertEqual(usage.status, 2, "usage errors exit 2")
        XCTAssertEqual(usage.stderr.split(separator: "\n").count, 1, usage.stderr)
        XCTAssertTrue(usage.stderr.contains("Missing expected argument '<bundle>'"), usage.stderr)
        let unknown = try LatentProcess.run(["info", "a", "--frobnicate"])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
    }
}

final class ExploreCommandTests: XCTestCase {
    func testWithoutATerminalPointsToTheHeadlessCommands() throws {
        let r = try LatentProcess.run(["explore", LatentProcess.fixture("bundles/tiny")])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("the explorer needs a terminal (standard input is not a terminal)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("latent encode"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
    }
}
