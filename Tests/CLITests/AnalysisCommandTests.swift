import Foundation
import XCTest

/// `latent project`, `outliers`, `decode` and `interpolate` end to end, on the shipped bundles and the fixtures.
final class AnalysisCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try CLIFiles.temporaryFolder("latent-analysis-cli")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private let fashionClasses: Set<String> = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                                               "Sneaker", "Bag", "Ankle boot"]
    private let unlabelled = LatentProcess.fixture("bundles/unlabelled")
    private let digits = "models/digits-vae-2d"

    /// Runs `latent` and checks it succeeded.
    private func succeed(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> LatentProcess {
        let r = try LatentProcess.run(arguments)
        XCTAssertEqual(r.status, 0, "\(arguments): \(r.stderr)", file: file, line: line)
        return r
    }

    /// Checks an outliers table: header, `top` ranked rows, scores falling, percentiles, labels from `labels`.
    private func checkOutliers(_ text: String, top: Int, labels: Set<String>, file: StaticString = #filePath, line: UInt = #line) {
        let rows = CLIFiles.rows(text)
        XCTAssertEqual(rows.first, ["rank", "index", "label", "score", "percentile"], file: file, line: line)
        XCTAssertEqual(rows.count, top + 1, text, file: file, line: line)
        let body = rows.dropFirst()
        XCTAssertEqual(body.map { $0[0] }, (1...top).map(String.init), file: file, line: line)
        let scores = body.compactMap { Float($0[3]) }
        XCTAssertEqual(scores.count, top, text, file: file, line: line)
        XCTAssertEqual(scores, scores.sorted(by: >), "scores fall with rank", file: file, line: line)
        XCTAssertEqual(Set(body.map { $0[1] }).count, top, "distinct points", file: file, line: line)
        XCTAssertEqual(body.first?[4], "100.00", "the top point is at the 100th percentile", file: file, line: line)
        for row in body { XCTAssertTrue(labels.contains(row[2]), "label '\(row[2])'", file: file, line: line) }
    }

    // MARK: - Outliers

    /// Issue 7: the top outliers of the default bundle are the same on every run and are printed with their labels.
    func testTopOutliersOfTheDefaultBundleAreStableAndLabelled() throws {
        let bundle = "models/fashion-mnist-vae"
        let fresh = try succeed(["outliers", bundle, "--top", "5", "--no-cache"])
        let again = try succeed(["outliers", bundle, "--top", "5"])
        checkOutliers(fresh.stdout, top: 5, labels: fashionClasses)
        XCTAssertEqual(again.stdout, fresh.stdout, "two runs, one encoded afresh: the same list")

        // The ranking is the top of the reconstruction errors `latent encode` writes.
        let errorsFile = folder.appendingPathComponent("errors.npy")
        _ = try succeed(["encode", bundle, "--out", folder.appendingPathComponent("z.npy").path, "--errors-out", errorsFile.path])
        let errors = try CLIFiles.readFloats(errorsFile).values
        let expected = errors.indices.sorted { errors[$0] != errors[$1] ? errors[$0] > errors[$1] : $0 < $1 }.prefix(5)
        XCTAssertEqual(CLIFiles.rows(fresh.stdout).dropFirst().map { Int($0[1])! }, Array(expected))

        let knn = try succeed(["outliers", bundle, "--top", "5", "--by", "knn"])
        let knnAgain = try succeed(["outliers", bundle, "--top", "5", "--by", "knn"])
        checkOutliers(knn.stdout, top: 5, labels: fashionClasses)
        XCTAssertEqual(knnAgain.stdout, knn.stdout)
        XCTAssertNotEqual(knn.stdout, fresh.stdout, "a different score")
    }

    // MARK: - Bundles without labels, and with a 2-d latent

    func testEveryCommandWorksOnABundleWithoutLabels() throws {
        let encoded = folder.appendingPathComponent("z.npy")
        _ = try succeed(["encode", unlabelled, "--out", encoded.path])
        XCTAssertEqual(try CLIFiles.readFloats(encoded).shape, [12, 2])

        for method in ["pca", "tsne", "umap"] {
            let r = try succeed(["project", unlabelled, "--method", method, "--out", "-"])
            let rows = CLIFiles.rows(r.stdout)
            XCTAssertEqual(rows.count, 13, "\(method): N + 1 lines")
            XCTAssertEqual(rows.first, ["index", "label", "x", "y"])
            for (i, row) in rows.dropFirst().enumerated() {
                XCTAssertEqual(row.count, 4, method)
                XCTAssertEqual(row[0], String(i), method)
                XCTAssertEqual(row[1], "", "\(method): no label")
                XCTAssertNotNil(Float(row[2]).flatMap { $0.isFinite ? $0 : nil }, "\(method): \(row)")
                XCTAssertNotNil(Float(row[3]).flatMap { $0.isFinite ? $0 : nil }, "\(method): \(row)")
            }
        }
        for by in ["recon", "knn"] {
            let r = try succeed(["outliers", unlabelled, "--by", by, "--top", "20"])
            checkOutliers(r.stdout, top: 12, labels: [""])
        }
        let ascii = try succeed(["decode", unlabelled, "--index", "3", "--format", "ascii"])
        XCTAssertEqual(ascii.stdout.split(separator: "\n").map(\.count), [9, 9], ascii.stdout)
        XCTAssertEqual(ascii.stderr, "#3  — input | reconstruction\n")
        _ = try succeed(["decode", unlabelled, "--latent", "-0.5,1.25", "--format", "blocks"])
        let path = try succeed(["interpolate", unlabelled, "--from", "0", "--to", "11", "--steps", "3", "--format", "ascii"])
        XCTAssertEqual(path.stdout.split(separator: "\n").map(\.count), [14, 14], path.stdout)
    }

    func testEveryCommandWorksOnThe2DDigitsBundle() throws {
        let encoded = folder.appendingPathComponent("z.npy")
        _ = try succeed(["encode", digits, "--out", encoded.path])
        let (shape, codes) = try CLIFiles.readFloats(encoded)
        XCTAssertEqual(shape, [1797, 2])

        let csv = folder.appendingPathComponent("pca.csv")
        let pca = try succeed(["project", digits, "--method", "pca", "--out", csv.path])
        XCTAssertTrue(pca.stderr.contains("PCA: explained variance"), pca.stderr)
        let rows = CLIFiles.rows(try String(contentsOf: csv, encoding: .utf8))
        XCTAssertEqual(rows.count, 1798)
        XCTAssertEqual(Set(rows.dropFirst().map { $0[1] }), Set((0...9).map(String.init)), "labels are the class names")
        // PCA of 2-d codes is a rotation: distances between points are kept.
        let p = rows.dropFirst().map { (Float($0[2])!, Float($0[3])!) }
        for (a, b) in [(0, 1), (5, 1000), (17, 1796)] {
            let dz = hypot(codes[2 * a] - codes[2 * b], codes[2 * a + 1] - codes[2 * b + 1])
            let dp = hypot(p[a].0 - p[b].0, p[a].1 - p[b].1)
            XCTAssertEqual(dp, dz, accuracy: 1e-4 * max(1, dz), "points \(a), \(b)")
        }

        let outliers = try succeed(["outliers", digits, "--top", "3", "--by", "knn", "--k", "5"])
        checkOutliers(outliers.stdout, top: 3, labels: Set((0...9).map(String.init)))

        // Decoding a point's code given as numbers draws the same picture as decoding the point.
        let i = 42
        let latent = "\(codes[2 * i]),\(codes[2 * i + 1])"
        let byIndex = try succeed(["decode", digits, "--index", "\(i)", "--only-decoded", "--format", "ascii"])
        let byLatent = try succeed(["decode", digits, "--latent", latent, "--format", "ascii"])
        XCTAssertEqual(byLatent.stdout, byIndex.stdout)
        XCTAssertEqual(byIndex.stdout.split(separator: "\n").map(\.count), [8, 8, 8, 8])
        XCTAssertTrue(byIndex.stderr.hasPrefix("#42 "), byIndex.stderr)

        let slerp = try succeed(["interpolate", digits, "--from", "0", "--to", "1", "--steps", "5", "--slerp", "--format", "ascii"])
        XCTAssertEqual(slerp.stdout.split(separator: "\n").map(\.count), [44, 44, 44, 44])
        XCTAssertTrue(slerp.stderr.contains("5 spherical steps"), slerp.stderr)
    }

    // MARK: - Bad input

    func testBadIndicesAndLatentsExit2WithOneLine() throws {
        let cases: [([String], String)] = [
            (["decode", digits, "--index", "99999"], "--index 99999 is out of range: the data has 1797 points (0–1796)"),
            (["decode", digits, "--index", "-1"], "--index -1 is out of range"),
            (["interpolate", digits, "--from", "-1", "--to", "3"], "--from -1 is out of range"),
            (["interpolate", digits, "--from", "0", "--to", "1797"], "--to 1797 is out of range"),
            (["decode", digits, "--latent", "1,2,3"], "--latent has 3 values but the latent space is 2-d"),
            (["decode", digits, "--latent", "0.5"], "--latent has 1 values but the latent space is 2-d"),
            (["decode", digits, "--latent", "a,b"], "--latent: 'a' is not a finite number"),
            (["decode", digits, "--latent", "1,"], "--latent: value 2 is empty"),
            (["decode", digits, "--latent", "nan,1"], "'nan' is not a finite number"),
            (["decode", digits, "--latent", "1e39,1"], "'1e39' is not a finite number"),
            (["decode", digits], "give exactly one of --index, --latent and --latent-file"),
            (["decode", digits, "--index", "1", "--latent", "1,2"], "give exactly one of --index, --latent and --latent-file"),
            (["decode", digits, "--index", "1", "--format", "png"], "png"),
            (["decode", digits, "--index", "1", "--scale", "0"], "--scale must be between 1 and 64"),
            (["interpolate", digits, "--from", "0", "--to", "1", "--steps", "1"], "--steps must be between 2 and 64"),
            (["interpolate", digits, "--from", "0"], "--to"),
            (["outliers", digits, "--top", "0"], "--top must be at least 1"),
            (["outliers", digits, "--top", "-3"], "--top must be at least 1"),
            (["outliers", digits, "--by", "distance"], "distance"),
            (["project", digits, "--method", "isomap", "--out", "-"], "isomap"),
            (["encode", digits], "--out"),
            (["outliers", LatentProcess.fixture("bundles/nope")], "no such bundle folder"),
            (["decode", "--latents", LatentProcess.fixture("shipped/digits-vae-2d/z.npy"), "--index", "0"],
             "needs a model and data"),
        ]
        for (arguments, expected) in cases {
            let r = try LatentProcess.run(arguments)
            XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(arguments)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(arguments): one line, got \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("latent: "), "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(arguments): '\(r.stderr)' should mention '\(expected)'")
        }
    }

    // MARK: - Image formats

    func testSixelOutputIsOneDeviceControlString() throws {
        for arguments in [["decode", digits, "--index", "5", "--format", "sixel"],
                          ["decode", digits, "--latent", "0,0", "--format", "sixel", "--scale", "3"],
                          ["interpolate", digits, "--from", "0", "--to", "9", "--steps", "4", "--format", "sixel"]] {
            let r = try succeed(arguments)
            let bytes = Array(r.stdout.utf8)
            XCTAssertEqual(Array(bytes.prefix(2)), [0x1B, 0x50], "\(arguments): starts with ESC P")
            var end = bytes
            if end.last == 0x0A { end.removeLast() }
            XCTAssertEqual(Array(end.suffix(2)), [0x1B, 0x5C], "\(arguments): ends with ESC \\")
            XCTAssertEqual(end.filter { $0 == 0x1B }.count, 2, "\(arguments): one image, no other escapes")
            XCTAssertTrue(r.stdout.contains("#"), "\(arguments): colour registers")
        }
    }

    func testKittyOutputIsOneImageOfTheSamplesSideBySide() throws {
        // 8×8 digits: input and reconstruction (or 4 frames) at their own size with 2-pixel gaps.
        for (arguments, width) in [(["decode", digits, "--index", "5", "--format", "kitty"], 18),
                                   (["interpolate", digits, "--from", "0", "--to", "9", "--steps", "4", "--format", "kitty"], 38)] {
            let r = try succeed(arguments)
            XCTAssertTrue(r.stdout.hasPrefix("\u{1B}_Ga=T,f=24,o=z,s=\(width),v=8,"), "\(arguments): \(r.stdout.prefix(60))")
            XCTAssertTrue(r.stdout.contains(",q=2,C=0,m=0;"), "\(arguments): one chunk, cursor moved below")
            XCTAssertTrue(r.stdout.hasSuffix("\u{1B}\\\n"), "\(arguments): ends the command")
        }
    }

    func testAsciiAndBlockOutputsHaveTheExpectedSize() throws {
        // 8×8 digits: one character per pixel column, two pixel rows per line, frames one column apart.
        let cases: [([String], Int, Int)] = [
            (["decode", digits, "--index", "5", "--format", "ascii"], 17, 4),
            (["decode", digits, "--index", "5", "--format", "ascii", "--only-decoded"], 8, 4),
            (["decode", digits, "--index", "5", "--format", "ascii", "--scale", "3"], 49, 12),
            (["interpolate", digits, "--from", "0", "--to", "9", "--steps", "3", "--format", "ascii"], 26, 4),
        ]
        for (arguments, width, height) in cases {
            let r = try succeed(arguments)
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.last, "", "\(arguments): ends with a newline")
            XCTAssertEqual(lines.dropLast().map(\.count), [Int](repeating: width, count: height), "\(arguments):\n\(r.stdout)")
            XCTAssertTrue(r.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(arguments): ASCII only")
            XCTAssertFalse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(arguments): draws something")
        }
        let blocks = try succeed(["decode", digits, "--index", "5"])
        let lines = blocks.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, blocks.stdout)
        XCTAssertTrue(blocks.stdout.contains("\u{1B}[38;5;"), "256-colour cells")
        for line in lines {
            // Visible characters: strip the colour escapes.
            let visible = line.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            XCTAssertEqual(visible.count, 17, "\(line)")
        }
    }
}
