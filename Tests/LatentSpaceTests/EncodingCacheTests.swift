import Foundation
import Tensors
import XCTest
@testable import LatentSpace

/// The encoding cache on a real model: a copy of the digits bundle cut to its first samples, in a temporary folder,
/// with its own cache folder.
final class EncodingCacheTests: XCTestCase {
    private var folder: URL!
    private var bundleURL: URL!
    private var cache: AnalysisCache!
    private static let samples = 150

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-encoding-cache-\(UUID().uuidString)")
        bundleURL = folder.appendingPathComponent("digits")
        try FileManager.default.createDirectory(at: bundleURL, withIntermediateDirectories: true)
        let source = ShippedBundles.bundle("digits-vae-2d")
        for file in ["bundle.json", "encoder.onnx", "decoder.onnx"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: bundleURL.appendingPathComponent(file))
        }
        var arrays = try NPZ.read(source.appendingPathComponent("data.npz"))
        arrays["x"] = try slice(arrays["x"]!, Self.samples)
        arrays["y"] = try slice(arrays["y"]!, Self.samples)
        try NPZ.write(arrays, to: bundleURL.appendingPathComponent("data.npz"), compressed: true)
        cache = AnalysisCache(directory: folder.appendingPathComponent("cache"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The first `n` rows of an array, same dtype.
    private func slice(_ t: Tensor, _ n: Int) throws -> Tensor {
        let per = t.count / t.shape[0]
        let shape = [n] + t.shape.dropFirst()
        switch t.storage {
        case .uint8(let a): return try Tensor(shape: shape, bytes: Array(a[0..<(n * per)]))
        case .int64(let a): return try Tensor(shape: shape, int64s: Array(a[0..<(n * per)]))
        case .float32(let a): return try Tensor(shape: shape, floats: Array(a[0..<(n * per)]))
        default: return try Tensor(shape: shape, floats: Array(t.floatValues()[0..<(n * per)]))
        }
    }

    /// Loads the bundle as it is now and runs the cached pipeline.
    private func encode() throws -> (encoding: Encoding, fromCache: Bool, note: String?, key: String) {
        let bundle = try ModelBundle.load(bundleURL)
        return try EncodingPipeline.cached(model: LatentModel(bundle: bundle), data: DataSet.load(for: bundle), cache: cache)
    }

    private var entries: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: cache.directory!, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "entry" }
    }

    // MARK: - Hits and misses

    func testTheSecondRunReadsTheCache() throws {
        let first = try encode()
        XCTAssertFalse(first.fromCache)
        XCTAssertNil(first.note)
        XCTAssertEqual(first.encoding.count, Self.samples)
        XCTAssertEqual(entries.count, 1)
        let second = try encode()
        XCTAssertTrue(second.fromCache)
        XCTAssertEqual(second.encoding, first.encoding)
        XCTAssertEqual(second.key, first.key)
    }

    func testAChangedPixelRebuildsTheEncoding() throws {
        let first = try encode()
        let url = bundleURL.appendingPathComponent("data.npz")
        var arrays = try NPZ.read(url)
        var pixels = arrays["x"]!.bytes!
        let sample = 7, per = 64
        pixels[sample * per + 27] = pixels[sample * per + 27] < 8 ? 16 : 0
        arrays["x"] = try Tensor(shape: arrays["x"]!.shape, bytes: pixels)
        try NPZ.write(arrays, to: url, compressed: true)

        let second = try encode()
        XCTAssertFalse(second.fromCache, "the data changed")
        XCTAssertNotEqual(second.key, first.key)
        XCTAssertNotEqual(second.encoding.code(sample), first.encoding.code(sample), "the changed sample was re-encoded")
        XCTAssertEqual(second.encoding.code(sample + 1), first.encoding.code(sample + 1))
        XCTAssertTrue(try encode().fromCache, "the rebuilt entry is used next time")
    }

    /// Appends a field no ONNX reader knows to a model file: the protobuf stays valid and the model the same, but
    /// the file is not, so the cached results must not be trusted.
    private func appendUnknownField(_ file: String) throws {
        let url = bundleURL.appendingPathComponent(file)
        var bytes = try Data(contentsOf: url)
        bytes.append(contentsOf: [0xC0, 0x3E, 0x01])   // field 1000, varint 1
        try bytes.write(to: url)
    }

    func testAChangedModelFileRebuildsTheEncoding() throws {
        let first = try encode()
        for file in ["decoder.onnx", "encoder.onnx"] {
            try appendUnknownField(file)
            let again = try encode()
            XCTAssertFalse(again.fromCache, "\(file) changed")
            XCTAssertEqual(again.encoding, first.encoding, "\(file): the same model gives the same results")
            XCTAssertTrue(try encode().fromCache)
        }
    }

    func testAChangedManifestSettingRebuildsTheEncoding() throws {
        let first = try encode()
        let url = bundleURL.appendingPathComponent("bundle.json")
        let manifest = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(manifest.contains(#""activation": "sigmoid""#))
        try manifest.replacingOccurrences(of: #""activation": "sigmoid""#, with: #""activation": "none""#)
            .write(to: url, atomically: true, encoding: .utf8)
        let second = try encode()
        XCTAssertFalse(second.fromCache, "the decoder's activation changes the reconstruction errors")
        XCTAssertEqual(second.encoding.codes, first.encoding.codes)
        XCTAssertNotEqual(second.encoding.reconstructionError, first.encoding.reconstructionError)
        // A change that does not touch the results (the display name) keeps the entry.
        try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "Digits 8x8", with: "Handwritten digits")
            .write(to: url, atomically: true, encoding: .utf8)
        XCTAssertTrue(try encode().fromCache)
    }

    // MARK: - Bad entries

    func testACorruptEntryIsIgnoredAndRebuilt() throws {
        let first = try encode()
        let entry = try XCTUnwrap(entries.first)
        let good = try Data(contentsOf: entry)
        let corruptions: [(String, Data)] = [
            ("garbage", Data("not a cache entry".utf8)),
            ("empty", Data()),
            ("truncated", good.prefix(good.count / 2)),
            ("flipped byte", { var d = good; d[d.count / 3] ^= 0x55; return d }()),
        ]
        for (what, bytes) in corruptions {
            try bytes.write(to: entry)
            let again = try encode()
            XCTAssertFalse(again.fromCache, what)
            XCTAssertNil(again.note, what)
            XCTAssertEqual(again.encoding, first.encoding, what)
            XCTAssertEqual(try Data(contentsOf: entry), good, "\(what): the entry was rewritten")
            XCTAssertTrue(try encode().fromCache, what)
        }
    }

    func testAnEntryOfTheRightKeyButWrongContentsIsIgnored() throws {
        let first = try encode()
        let n = first.encoding.count, d = first.encoding.dimensions
        let recon = try Tensor(shape: [n], floats: first.encoding.reconstructionError!)
        let logvar = try Tensor(shape: [n, d], floats: first.encoding.logvar!)
        let wrong: [(String, [String: Tensor])] = [
            ("too few rows", ["codes": try Tensor(shape: [n - 1, d], floats: Array(first.encoding.codes.dropLast(d))),
                              "logvar": logvar, "recon": recon]),
            ("no log-variances", ["codes": first.encoding.codesTensor, "recon": recon]),
            ("no errors", ["codes": first.encoding.codesTensor, "logvar": logvar]),
            ("NaN codes", ["codes": try Tensor(shape: [n, d], floats: [Float](repeating: .nan, count: n * d)),
                           "logvar": logvar, "recon": recon]),
            ("integer codes", ["codes": try Tensor(shape: [n, d], int64s: [Int64](repeating: 0, count: n * d)),
                               "logvar": logvar, "recon": recon]),
        ]
        for (what, arrays) in wrong {
            XCTAssertNil(cache.store(kind: "encoding", key: first.key, arrays: arrays))
            let again = try encode()
            XCTAssertFalse(again.fromCache, what)
            XCTAssertEqual(again.encoding, first.encoding, what)
        }
    }

    func testADisabledCacheNeitherReadsNorWrites() throws {
        let first = try encode()
        let entry = try XCTUnwrap(entries.first)
        let before = try Data(contentsOf: entry)
        let bundle = try ModelBundle.load(bundleURL)
        let off = try EncodingPipeline.cached(model: LatentModel(bundle: bundle), data: DataSet.load(for: bundle),
                                              cache: AnalysisCache(directory: nil))
        XCTAssertFalse(off.fromCache)
        XCTAssertEqual(off.encoding, first.encoding)
        XCTAssertEqual(off.key, first.key)
        XCTAssertEqual(entries, [entry])
        XCTAssertEqual(try Data(contentsOf: entry), before)
    }

    // MARK: - Pipeline

    func testBatchSizeDoesNotChangeTheResults() throws {
        let bundle = try ModelBundle.load(bundleURL)
        let model = try LatentModel(bundle: bundle)
        let data = try DataSet.load(for: bundle)
        var reported: [Int] = []
        let whole = try EncodingPipeline.run(model: model, data: data, batchSize: 1000)
        let pieces = try EncodingPipeline.run(model: model, data: data, batchSize: 7) { done, total in
            XCTAssertEqual(total, Self.samples)
            reported.append(done)
        }
        XCTAssertEqual(reported.first, 7)
        XCTAssertEqual(reported.last, Self.samples)
        XCTAssertEqual(reported, reported.sorted())
        assertClose(pieces.codes, whole.codes, atol: 1e-6, rtol: 1e-5, "codes")
        assertClose(pieces.logvar!, whole.logvar!, atol: 1e-6, rtol: 1e-5, "log-variances")
        assertClose(pieces.reconstructionError!, whole.reconstructionError!, atol: 1e-7, rtol: 1e-5, "errors")
        // The digits' first 64 codes are onnxruntime's.
        assertClose(Array(whole.codes.prefix(64 * 2)), try ShippedBundles.floats("digits-vae-2d", "mu.npy").values, "mu")
    }

    func testTraversalAtZeroSigmaReproducesThePointsDecode() throws {
        let bundle = try ModelBundle.load(bundleURL)
        let model = try LatentModel(bundle: bundle)
        let data = try DataSet.load(for: bundle)
        let encoding = try EncodingPipeline.run(model: model, data: data)
        let stats = DimensionStats(codes: encoding.codes, logvar: encoding.logvar, dimensions: encoding.dimensions)
        XCTAssertTrue(stats.std.allSatisfy { $0 > 0.1 }, "\(stats.std)")
        for i in [0, 41, 149] {
            let point = try model.decode(encoding.code(i), count: 1)
            // The point's own decode is its reconstruction.
            let input = data.batch(i..<(i + 1)).floatValues()
            let mse = zip(input, point).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(input.count)
            XCTAssertEqual(mse, encoding.reconstructionError![i], accuracy: 1e-6)
            for dimension in 0..<encoding.dimensions {
                let codes = stats.traversal(of: encoding.code(i), dimension: dimension)
                XCTAssertEqual(codes.count, 7)
                let frames = try model.decode(codes.flatMap { $0 }, count: codes.count)
                let per = point.count
                let centre = Array(frames[(3 * per)..<(4 * per)])
                assertClose(centre, point, atol: 1e-6, rtol: 0, "point \(i), dimension \(dimension): traversal at 0σ")
                // The ends move away from the point.
                let end = Array(frames[(6 * per)..<(7 * per)])
                let moved = zip(end, point).map { abs($0 - $1) }.max() ?? 0
                XCTAssertGreaterThan(moved, 0.05, "point \(i), dimension \(dimension): +3σ changes the decode")
            }
        }
    }
}
