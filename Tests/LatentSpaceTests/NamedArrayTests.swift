import Foundation
import Tensors
import XCTest
@testable import LatentSpace

/// `file.npz:name` for samples and labels (command line and manifest), and `data.folder` in a manifest.
final class NamedArrayTests: XCTestCase {
    private var temporary: URL!

    override func setUpWithError() throws { temporary = try ImageFixtures.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: temporary) }

    /// An archive `set.npz` holding `images` (uint8 [6, 1, 4, 4]) and `targets` ([6]).
    private func writeArchive() throws -> URL {
        let url = temporary.appendingPathComponent("set.npz")
        try NPZ.write(["images": Tensor(shape: [6, 1, 4, 4], bytes: (0..<96).map { UInt8($0) }),
                       "targets": Tensor(shape: [6], int64s: [0, 1, 2, 0, 1, 2])], to: url)
        return url
    }

    func testCommandLineNamesArraysInsideAnArchive() throws {
        let archive = try writeArchive()
        let tiny = BundleFixtures.url("tiny")
        let bundle = try ModelBundle.bringYourOwn(encoder: tiny.appendingPathComponent("encoder.onnx"),
                                                  data: URL(fileURLWithPath: archive.path + ":images"),
                                                  labels: URL(fileURLWithPath: archive.path + ":targets"))
        XCTAssertEqual(bundle.data?.file, archive.standardizedFileURL)
        XCTAssertEqual(bundle.data?.x, "images")
        XCTAssertEqual(bundle.data?.labelsArray, "targets")
        let data = try DataSet.load(for: bundle)
        XCTAssertEqual(data.samples.shape, [6, 1, 4, 4])
        XCTAssertEqual(data.scale, 255)
        XCTAssertEqual(data.labels, [0, 1, 2, 0, 1, 2])

        let missing = try ModelBundle.bringYourOwn(encoder: tiny.appendingPathComponent("encoder.onnx"),
                                                   data: URL(fileURLWithPath: archive.path + ":pixels"))
        XCTAssertThrowsError(try DataSet.load(for: missing)) { error in
            XCTAssertTrue("\(error)".contains("no array named 'pixels'"), "\(error)")
        }
    }

    func testManifestNamesArraysAndFolders() throws {
        _ = try writeArchive()
        for file in ["encoder.onnx", "decoder.onnx"] {
            try FileManager.default.copyItem(at: BundleFixtures.url("tiny").appendingPathComponent(file),
                                             to: temporary.appendingPathComponent(file))
        }
        let manifest = try String(contentsOf: BundleFixtures.url("tiny").appendingPathComponent("bundle.json"), encoding: .utf8)
        let start = manifest.range(of: "\"data\"")!.lowerBound, end = manifest.range(of: "\"classes\"")!.lowerBound
        func bundle(_ data: String) throws -> ModelBundle {
            try ModelBundle.parse(Data(manifest.replacingCharacters(in: start..<end, with: "\"data\": \(data),\n").utf8),
                                  folder: temporary, file: "bundle.json")
        }
        let named = try bundle(#"{"file": "set.npz:images", "labels": "set.npz:targets", "x_scale": 255}"#)
        XCTAssertEqual(try DataSet.load(for: named).labels, [0, 1, 2, 0, 1, 2])

        let images = temporary.appendingPathComponent("images")
        for c in ["circle", "square"] {
            try FileManager.default.createDirectory(at: images.appendingPathComponent(c), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ImageFixtures.url("formats/rgb8.png"),
                                             to: images.appendingPathComponent(c).appendingPathComponent("a.png"))
        }
        let folder = try bundle(#"{"folder": "images"}"#)
        XCTAssertEqual(folder.data?.isFolder, true)
        let data = try DataSet.load(for: folder)
        XCTAssertEqual(data.samples.shape, [2, 1, 4, 4])
        XCTAssertEqual(data.labels, [0, 1])

        XCTAssertThrowsError(try bundle(#"{"folder": "set.npz"}"#)) { error in
            XCTAssertTrue("\(error)".contains("field 'data.folder' names 'set.npz', which is not a folder"), "\(error)")
        }
    }
}
