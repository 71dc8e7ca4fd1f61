import Foundation
import Tensors
import XCTest
@testable import LatentSpace

/// `data.mean`/`data.std`: the encoder gets normalised samples; the samples and the decoder's outputs are drawn
/// un-normalised.
final class NormalizationTests: XCTestCase {
    func testEncoderInputsAreNormalisedAndDecodedSamplesAreNot() throws {
        let fashion = ShippedBundles.bundle("fashion-mnist-vae")
        let plain = try ModelBundle.load(fashion)
        var normalised = plain
        normalised.data?.normalization = Normalization(mean: [0.5], std: [0.25])
        let data = try DataSet.load(for: normalised)
        let scaled = data.batch(0..<3).floatValues(), input = data.normalizedBatch(0..<3).floatValues()
        XCTAssertEqual(scaled, try DataSet.load(for: plain).batch(0..<3).floatValues())
        for (x, n) in zip(scaled, input) { XCTAssertEqual(n, (x - 0.5) / 0.25, accuracy: 1e-6) }

        let codes = [Float](repeating: 0.1, count: 16)
        let raw = try LatentModel(bundle: plain).decode(codes, count: 1)
        let shown = try LatentModel(bundle: normalised).decode(codes, count: 1)
        for (r, s) in zip(raw, shown) { XCTAssertEqual(s, r * 0.25 + 0.5, accuracy: 1e-6) }
    }

    func testPerChannelValuesFollowTheLayout() {
        let n = Normalization(mean: [0, 1, 2], std: [1, 1, 1])
        var planar = [Float](repeating: 0, count: 3 * 2)
        n.normalize(&planar, sample: .init(type: .image, shape: [3, 1, 2]))
        XCTAssertEqual(planar, [0, 0, -1, -1, -2, -2])
        var interleaved = [Float](repeating: 0, count: 3 * 2)
        n.normalize(&interleaved, sample: .init(type: .image, shape: [1, 2, 3], layout: .nhwc))
        XCTAssertEqual(interleaved, [0, -1, -2, 0, -1, -2])
    }

    func testValuesThatDoNotFitAreNamed() throws {
        let problems = Normalization(mean: [0.4, 0.5], std: [0]).problems(
            for: .init(type: .image, shape: [3, 8, 8]), names: ("field 'data.mean'", "field 'data.std'"))
        XCTAssertEqual(problems, ["field 'data.mean' has 2 values; give 1, or one per channel (3)",
                                  "field 'data.std' must be positive"])
        var bundle = try ModelBundle.load(ShippedBundles.bundle("digits-vae-2d"))
        bundle.data?.normalization = Normalization(mean: [0.1, 0.2, 0.3], std: [1, 1, 1])
        XCTAssertThrowsError(try DataSet.load(for: bundle)) { error in
            XCTAssertTrue("\(error)".contains("the mean has 3 values; give 1, or one per channel (1)"), "\(error)")
        }
    }
}
