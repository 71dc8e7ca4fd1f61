import Foundation
import XCTest

/// `info`, `encode`, `decode` and `outliers` on autoencoders shaped as people export them
/// (Tests/Fixtures/exported): an AutoencoderKL-style VAE with a 4×8×8 latent and stacked moments, a VQ-style
/// model, a channels-last Keras-style VAE and an LSTM sequence autoencoder, from their manifests and brought
/// without one.
final class ExportedModelCommandTests: XCTestCase {
    private static let families: [(name: String, kind: String, dim: Int, latent: String?, sample: String)] = [
        ("kl-vae", "vae", 256, "4×8×8", "image 3×32×32 nchw, range [-1, 1]"),
        ("vq", "ae", 64, "4×4×4", "image 1×16×16 nchw, range [0, 1]"),
        ("keras", "vae", 8, nil, "image 16×16×3 nhwc, range [0, 1]"),
        ("lstm", "ae", 8, nil, "sequence 32×2 (steps × features), range [-1, 1]"),
    ]

    private func folder(_ name: String) -> String { LatentProcess.fixture("exported/\(name)") }

    /// The bring-your-own flags of a family: its encoder, decoder, data and labels.
    private func brought(_ name: String, kind: String) -> [String] {
        let f = folder(name)
        return ["--encoder", "\(f)/encoder.onnx", "--decoder", "\(f)/decoder.onnx", "--data", "\(f)/data.npz",
                "--labels", "\(f)/y.npy", "--kind", kind]
    }

    func testInfoReportsLatentShapeLayoutAndFeeding() throws {
        for family in Self.families {
            for arguments in [[folder(family.name)], brought(family.name, kind: family.kind)] {
                let r = try LatentProcess.run(["info"] + arguments + ["--no-cache"])
                XCTAssertEqual(r.status, 0, "\(family.name): \(r.stderr)")
                XCTAssertTrue(r.stdout.contains("\(family.kind), \(family.dim)-d latent"), r.stdout)
                if let latent = family.latent {
                    XCTAssertTrue(r.stdout.contains("Latent    \(latent) (codes kept flat, \(family.dim) values"), r.stdout)
                }
                // The manifests give the range; brought data has the default [0, 1].
                let sample = arguments.count == 1 ? family.sample : String(family.sample.prefix { $0 != "," })
                XCTAssertTrue(r.stdout.contains("Sample    \(sample)"), "\(family.name): \(r.stdout)")
                XCTAssertTrue(r.stdout.contains("Feeding   [N, "), r.stdout)
                XCTAssertTrue(r.stdout.contains("    2  "), "label counts: \(r.stdout)")
            }
        }
    }

    func testEncodeWritesFlatCodesAndPrintsTheShape() throws {
        let out = try CLIFiles.temporaryFolder("exported-encode")
        for family in Self.families {
            let z = out.appendingPathComponent("\(family.name).npy")
            let r = try LatentProcess.run(["encode", folder(family.name), "--out", z.path, "--no-cache"])
            XCTAssertEqual(r.status, 0, "\(family.name): \(r.stderr)")
            let (shape, values) = try CLIFiles.readFloats(z)
            XCTAssertEqual(shape, [60, family.dim], family.name)
            XCTAssertTrue(values.allSatisfy(\.isFinite), family.name)
            let shaped = family.latent.map { ", latent shape \($0)" } ?? ""
            XCTAssertTrue(r.stderr.hasPrefix("encoded 60 samples into \(family.dim)-d codes\(shaped) in "), r.stderr)

            // The first code decoded from the file equals decoding the first point's code.
            let fromFile = try LatentProcess.run(["decode", folder(family.name), "--latent-file", z.path, "--row", "0",
                                                  "--format", "ascii", "--no-cache"])
            let fromIndex = try LatentProcess.run(["decode", folder(family.name), "--index", "0", "--only-decoded",
                                                   "--format", "ascii", "--no-cache"])
            XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
            XCTAssertEqual(fromFile.stdout, fromIndex.stdout, family.name)
            XCTAssertFalse(fromFile.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, family.name)
        }
    }

    func testDecodeDrawsImagesInColourAndSequencesAsCharts() throws {
        for family in Self.families {
            let r = try LatentProcess.run(["decode", folder(family.name), "--index", "3", "--format", "blocks", "--no-cache"])
            XCTAssertEqual(r.status, 0, "\(family.name): \(r.stderr)")
            if family.name == "lstm" {
                XCTAssertTrue(r.stderr.contains("input and reconstruction overlaid"), r.stderr)
                XCTAssertTrue(r.stdout.contains("\u{1B}[38;5;208m"), "the reconstruction in its own colour")
                XCTAssertTrue(r.stdout.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille lines")
                let sixel = try LatentProcess.run(["decode", folder(family.name), "--index", "3", "--format", "sixel", "--no-cache"])
                XCTAssertEqual(sixel.status, 2)
                XCTAssertTrue(sixel.stderr.contains("use --format ascii or blocks"), sixel.stderr)
            } else {
                XCTAssertTrue(r.stdout.contains("\u{1B}[38;5;"), "\(family.name): 256-colour half-blocks")
            }
        }
    }

    func testOutliersRankEveryFamily() throws {
        for family in Self.families {
            for arguments in [[folder(family.name)], brought(family.name, kind: family.kind)] {
                let r = try LatentProcess.run(["outliers"] + arguments + ["--top", "3", "--no-cache"])
                XCTAssertEqual(r.status, 0, "\(family.name): \(r.stderr)")
                let rows = CLIFiles.rows(r.stdout)
                XCTAssertEqual(rows.count, 4, r.stdout)
                XCTAssertEqual(rows.first?.first, "rank")
            }
        }
    }

    func testBadLatentFilesAndLayoutsPrintOneLine() throws {
        let out = try CLIFiles.temporaryFolder("exported-bad")
        let z = out.appendingPathComponent("z.npy")
        _ = try LatentProcess.run(["encode", folder("vq"), "--out", z.path, "--no-cache"])
        let wrongModel = try LatentProcess.run(["decode", folder("kl-vae"), "--latent-file", z.path, "--no-cache"])
        XCTAssertEqual(wrongModel.status, 2)
        XCTAssertTrue(wrongModel.stderr.contains("z.npy: codes of shape [60, 64] do not fit the latent (256 values per code"),
                      wrongModel.stderr)
        let row = try LatentProcess.run(["decode", folder("vq"), "--latent-file", z.path, "--row", "60", "--no-cache"])
        XCTAssertEqual(row.status, 2)
        XCTAssertTrue(row.stderr.contains("--row 60 is out of range"), row.stderr)
        let layout = try LatentProcess.run(["info"] + brought("keras", kind: "vae") + ["--layout", "nchw", "--no-cache"])
        XCTAssertEqual(layout.status, 2)
        XCTAssertEqual(layout.stderr.split(separator: "\n").count, 1, layout.stderr)
        XCTAssertTrue(layout.stderr.contains("data.npz:x: --layout nchw cannot fit samples of shape [16, 16, 3]"), layout.stderr)
        let labels = try LatentProcess.run(["info", "--encoder", "\(folder("lstm"))/encoder.onnx", "--data",
                                            "\(folder("lstm"))/data.npz", "--labels", "\(folder("vq"))/encoder.onnx", "--no-cache"])
        XCTAssertEqual(labels.status, 2, labels.stderr)
        XCTAssertTrue(labels.stderr.contains("encoder.onnx"), labels.stderr)
    }
}
