import Foundation
import XCTest
@testable import Explorer
import LatentSpace
import Render

/// The shipped anomaly bundle (models/osuleaf-lstm-ae, class 6 held out) in the outliers mode: the header gives the
/// ROC AUC and average precision of the score shown, equal (within 1e-6) to scikit-learn's on onnxruntime's scores
/// (Tests/Fixtures/anomaly/osuleaf-lstm-ae.json, tools/make_anomaly_fixtures.py); golden screen at 120×40.
final class AnomalyBundleScreenTests: XCTestCase {
    private static let name = "osuleaf-lstm-ae"

    private func driver(_ keys: String) throws -> ExplorerDriver {
        let bundle = try ModelBundle.load(DefaultBundleScreenTests.repository.appendingPathComponent("models/\(Self.name)"))
        let display = DisplayOptions(canvas: .braille, images: .blocks, colors: .indexed256, cellSize: PixelSize(width: 10, height: 20))
        let explorer = Explorer(context: try ExplorerLoader.load(bundle: bundle, display: display, cache: AnalysisCache(directory: nil)))
        var d = ExplorerDriver(explorer: explorer, width: 120, height: 40, runsProjections: false)
        d.type(keys)
        return d
    }

    private func reference(_ method: String) throws -> (rocAUC: Double, averagePrecision: Double) {
        let url = DefaultBundleScreenTests.repository.appendingPathComponent("Tests/Fixtures/anomaly/\(Self.name).json")
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let scores = try XCTUnwrap(root[method] as? [String: Any])
        return (try XCTUnwrap(scores["roc_auc"] as? Double), try XCTUnwrap(scores["average_precision"] as? Double))
    }

    func testOutliersModeShowsTheScoresOfBothMethods() throws {
        var d = try driver("o")
        let context = d.explorer.context
        XCTAssertEqual(context.anomalyClasses, ["6"])
        XCTAssertEqual(context.anomalies?.filter { $0 }.count, 23)
        GoldenScreen.assertMatches(d.frame.buffer, "anomaly-bundle-outliers")
        for (method, key) in [(OutlierScores.Method.recon, "recon"), (.knn, "knn")] {
            if method == .knn { d.type("m") }
            let quality = try XCTUnwrap(d.explorer.outlierTable(method, d.state)?.quality, key)
            let expected = try reference(key)
            XCTAssertEqual(quality.rocAUC, expected.rocAUC, accuracy: 1e-6, key)
            XCTAssertEqual(quality.averagePrecision, expected.averagePrecision, accuracy: 1e-6, key)
            let text = d.frame.buffer.textLines().joined(separator: "\n")
            XCTAssertTrue(text.contains(String(format: "ROC AUC %.2f · AP %.2f (6)", quality.rocAUC, quality.averagePrecision)), text)
        }
    }
}
