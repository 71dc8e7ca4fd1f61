import Foundation
import Tensors
import XCTest
@testable import LatentSpace

final class ImageFolderTests: XCTestCase {
    private var temporary: URL!

    override func setUpWithError() throws { temporary = try ImageFixtures.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: temporary) }

    /// Fashion-MNIST PNGs in class folders give the same samples, labels and codes as the same samples in an
    /// `.npy`.
    func testFashionPNGFolderEncodesLikeTheArray() throws {
        let fashion = ShippedBundles.bundle("fashion-mnist-vae")
        let encoder = fashion.appendingPathComponent("encoder.onnx"), decoder = fashion.appendingPathComponent("decoder.onnx")
        let folderBundle = try ModelBundle.bringYourOwn(encoder: encoder, decoder: decoder,
                                                        data: ImageFixtures.url("fashion"), kind: .vae)
        let arrayBundle = try ModelBundle.bringYourOwn(encoder: encoder, decoder: decoder,
                                                       data: ImageFixtures.url("fashion.npy"), kind: .vae)
        XCTAssertEqual(folderBundle.classes, ["0-tshirt", "1-trouser", "2-pullover", "3-dress", "4-coat", "5-sandal",
                                              "6-shirt", "7-sneaker", "8-bag", "9-boot"])
        var notes: [String] = []
        let fromFolder = try DataSet.load(for: folderBundle, threads: 2, note: { notes.append($0) })
        let fromArray = try DataSet.load(for: arrayBundle)
        XCTAssertEqual(notes, [])
        XCTAssertEqual(fromFolder.samples, fromArray.samples)
        XCTAssertEqual(fromFolder.sample, fromArray.sample)
        XCTAssertEqual(fromFolder.labels, (0..<10).flatMap { Array(repeating: $0, count: 10) })

        let folderCodes = try EncodingPipeline.run(model: LatentModel(bundle: folderBundle), data: fromFolder)
        let arrayCodes = try EncodingPipeline.run(model: LatentModel(bundle: arrayBundle), data: fromArray)
        XCTAssertEqual(folderCodes.codes, arrayCodes.codes)
        XCTAssertEqual(folderCodes.reconstructionError, arrayCodes.reconstructionError)
    }

    func testFlatFolderIsUnlabelledSortedAndSkipsOtherFiles() throws {
        for (name, source) in [("b.png", "formats/rgb8.png"), ("a.jpg", "formats/rgb.jpg"), ("c.PNG", "formats/grey8.png")] {
            try FileManager.default.copyItem(at: ImageFixtures.url(source), to: temporary.appendingPathComponent(name))
        }
        try Data("notes".utf8).write(to: temporary.appendingPathComponent("readme.txt"))
        let folder = try ImageFolder.scan(temporary)
        XCTAssertEqual(folder.files.map(\.path), ["a.jpg", "b.png", "c.PNG"])
        XCTAssertNil(folder.classNames)
        XCTAssertEqual(folder.otherFiles, 1)

        var notes: [String] = []
        let data = try DataSet.load(for: bundle(temporary), note: { notes.append($0) })
        XCTAssertNil(data.labels)
        // The first image (a.jpg, RGB) sets the shape.
        XCTAssertEqual(data.samples.shape, [3, 3, 5, 7])
        XCTAssertEqual(notes, ["\(temporary.path): skipped 1 file that is not a PNG or JPEG image"])
    }

    func testEmptyFolderAndEmptyClassFolderAreRefusedByName() throws {
        XCTAssertThrowsError(try ImageFolder.scan(temporary)) { error in
            XCTAssertEqual((error as? BundleError)?.file, temporary.path)
        }
        let cats = temporary.appendingPathComponent("cats"), dogs = temporary.appendingPathComponent("dogs")
        try FileManager.default.createDirectory(at: cats, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dogs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ImageFixtures.url("formats/grey8.png"), to: cats.appendingPathComponent("1.png"))
        XCTAssertThrowsError(try ImageFolder.scan(temporary)) { error in
            XCTAssertEqual((error as? BundleError)?.file, dogs.path)
        }
    }

    func testABrokenImageIsNamedOrLeftOutWithSkipBad() throws {
        let images = ["1.png", "2.png", "3.png"]
        for name in images {
            try FileManager.default.copyItem(at: ImageFixtures.url("formats/grey8.png"), to: temporary.appendingPathComponent(name))
        }
        let broken = temporary.appendingPathComponent("2.png")
        try Data(try Data(contentsOf: broken).prefix(40)).write(to: broken)
        XCTAssertThrowsError(try DataSet.load(for: bundle(temporary))) { error in
            XCTAssertEqual((error as? BundleError)?.file, broken.path)
        }
        var skipping = bundle(temporary)
        skipping.data?.skipBad = true
        var notes: [String] = []
        let data = try DataSet.load(for: skipping, note: { notes.append($0) })
        XCTAssertEqual(data.count, 2)
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("left out 1 image that cannot be decoded (first: 2.png: "), notes[0])
    }

    func testMixedSizesAreResizedWithOneNoteAndCached() throws {
        let cache = AnalysisCache(directory: temporary.appendingPathComponent("cache"))
        let images = temporary.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        for (name, source) in [("1.png", "formats/grey8.png"), ("2.png", "fashion/0-tshirt/00019.png"),
                               ("3.png", "fashion/1-trouser/00002.png")] {
            try FileManager.default.copyItem(at: ImageFixtures.url(source), to: images.appendingPathComponent(name))
        }
        var notes: [String] = []
        let first = try DataSet.load(for: bundle(images), cache: cache, note: { notes.append($0) })
        XCTAssertEqual(first.samples.shape, [3, 1, 5, 7])
        XCTAssertEqual(notes, ["\(images.path): 2 of 3 images were not 7×5; centre-cropped to that aspect and resized bilinearly"])
        notes = []
        let again = try DataSet.load(for: bundle(images), cache: cache, note: { notes.append($0) })
        XCTAssertEqual(again.samples, first.samples)
        XCTAssertEqual(notes.count, 1)
        XCTAssertNotNil(try FileManager.default.contentsOfDirectory(atPath: cache.directory!.path)
            .first { $0.hasPrefix("\(DataSet.imagesCacheKind)-") })
    }

    func testChannelsLastModelsGetChannelsLastSamples() throws {
        try FileManager.default.copyItem(at: ImageFixtures.url("formats/rgb8.png"), to: temporary.appendingPathComponent("a.png"))
        var planar = bundle(temporary), interleaved = bundle(temporary)
        planar.sample = .init(type: .image, shape: [3, 5, 7])
        interleaved.sample = .init(type: .image, shape: [5, 7, 3], layout: .nhwc)
        let chw = try XCTUnwrap(DataSet.load(for: planar).samples.bytes)
        let hwc = try XCTUnwrap(DataSet.load(for: interleaved).samples.bytes)
        for c in 0..<3 { for p in 0..<35 { XCTAssertEqual(hwc[p * 3 + c], chw[c * 35 + p]) } }
    }

    private func bundle(_ folder: URL) -> ModelBundle {
        var source = ModelBundle.DataSource(file: folder, xScale: 255)
        source.isFolder = true
        return ModelBundle(name: "images", kind: .ae, latentDim: nil, sample: nil, encoder: nil, decoder: nil, data: source)
    }
}
