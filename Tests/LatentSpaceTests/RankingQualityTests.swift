import Foundation
import XCTest
@testable import LatentSpace

/// ROC AUC and average precision against hand-worked cases and against scikit-learn's values on seeded scores with
/// ties (Tests/Fixtures/anomaly/ranking.json, written by tools/make_anomaly_fixtures.py).
final class RankingQualityTests: XCTestCase {
    private func measure(_ scores: [Float], _ anomalies: [Int]) throws -> RankingQuality {
        try XCTUnwrap(RankingQuality.measure(scores: scores, isAnomaly: anomalies.map { $0 == 1 }))
    }

    func testHandWorkedCases() throws {
        // scikit-learn's documentation example: AUC 0.75, AP (1/2)·(2/3) + (1/2)·1 = 0.8333.
        let doc = try measure([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
        XCTAssertEqual(doc.rocAUC, 0.75, accuracy: 1e-12)
        XCTAssertEqual(doc.averagePrecision, 5.0 / 6.0, accuracy: 1e-12)
        let perfect = try measure([3, 2, 1, 0], [1, 1, 0, 0])
        XCTAssertEqual(perfect, RankingQuality(rocAUC: 1, averagePrecision: 1))
        let reversed = try measure([0, 1, 2, 3], [1, 1, 0, 0])
        XCTAssertEqual(reversed.rocAUC, 0, accuracy: 1e-12)
        // Anomalies at ranks 3 and 4 of 4: (1/2)·(1/3) + (1/2)·(2/4).
        XCTAssertEqual(reversed.averagePrecision, 1.0 / 6.0 + 1.0 / 4.0, accuracy: 1e-12)
    }

    /// Tied points cross their threshold together: a tie between an anomaly and a normal point counts one half in
    /// the AUC, and the average precision takes the precision of the whole tied group.
    func testTies() throws {
        let allTied = try measure([5, 5, 5, 5], [0, 1, 0, 1])
        XCTAssertEqual(allTied, RankingQuality(rocAUC: 0.5, averagePrecision: 0.5))
        let q = try measure([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])
        // ROC: (0,½) → (½,1) → (1,1), area ½·¾ + ½·1 = 0.875. AP: ½·1 + ½·(2/3).
        XCTAssertEqual(q.rocAUC, 0.875, accuracy: 1e-12)
        XCTAssertEqual(q.averagePrecision, 0.5 + 1.0 / 3.0, accuracy: 1e-12)
    }

    func testUndefinedWithoutBothGroupsOrWithNonFiniteScores() {
        XCTAssertNil(RankingQuality.measure(scores: [1, 2], isAnomaly: [false, false]))
        XCTAssertNil(RankingQuality.measure(scores: [1, 2], isAnomaly: [true, true]))
        XCTAssertNil(RankingQuality.measure(scores: [1, .nan], isAnomaly: [true, false]))
        XCTAssertNil(RankingQuality.measure(scores: [1, .infinity], isAnomaly: [true, false]))
        XCTAssertNil(RankingQuality.measure(scores: [1, 2, 3], isAnomaly: [true, false]))
        XCTAssertNil(RankingQuality.measure(scores: [], isAnomaly: []))
    }

    /// Equal to scikit-learn's roc_auc_score and average_precision_score within 1e-9 on every stored case.
    func testAgreesWithScikitLearn() throws {
        let url = ShippedBundles.repository.appendingPathComponent("Tests/Fixtures/anomaly/ranking.json")
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, 5)
        for (n, c) in cases.enumerated() {
            let scores = try XCTUnwrap(c["scores"] as? [Double]).map(Float.init)
            let anomalies = try XCTUnwrap(c["anomaly"] as? [Int])
            let q = try measure(scores, anomalies)
            XCTAssertEqual(q.rocAUC, try XCTUnwrap(c["roc_auc"] as? Double), accuracy: 1e-9, "case \(n)")
            XCTAssertEqual(q.averagePrecision, try XCTUnwrap(c["average_precision"] as? Double), accuracy: 1e-9, "case \(n)")
        }
    }

    func testAnomalyClassFlagsAndProblems() {
        let classes = ["a", "b", "c"]
        XCTAssertEqual(AnomalyClasses.flags(["c", "a"], classes: classes, labels: [0, 1, 2, 2, 5]),
                       [true, false, true, true, false])
        XCTAssertNil(AnomalyClasses.problem(["b"], classes: classes, source: "--anomaly-class"))
        XCTAssertEqual(AnomalyClasses.problem(["b", "z"], classes: classes, source: "--anomaly-class"),
                       "--anomaly-class names 'z', which is not a class (the classes are 'a', 'b', 'c')")
        XCTAssertEqual(AnomalyClasses.problem(["q"], classes: [], source: "field 'anomaly_classes'"),
                       "field 'anomaly_classes' names 'q', which is not a class (the bundle names no classes)")
    }

    func testManifestField() throws {
        let folder = BundleFixtures.url("tiny")
        let base = #"{"format":1,"name":"n","kind":"ae","latent_dim":2,"sample":{"type":"image","shape":[1,4,4]},"#
            + #""encoder":{"file":"encoder.onnx"},"decoder":{"file":"decoder.onnx"},"data":{"file":"data.npz"}"#
        func parse(_ extra: String) throws -> ModelBundle {
            try ModelBundle.parse(Data((base + extra + "}").utf8), folder: folder, file: "m.json")
        }
        func problems(_ extra: String) -> String {
            do { _ = try parse(extra); return "" } catch { return (error as? BundleError)?.description ?? "\(error)" }
        }
        XCTAssertEqual(try parse(#","classes":["x","y"],"anomaly_classes":["y"]"#).anomalyClasses, ["y"])
        XCTAssertNil(try parse(#","classes":["x","y"]"#).anomalyClasses)
        XCTAssertEqual(problems(#","classes":["x","y"],"anomaly_classes":["w"]"#),
                       "m.json: field 'anomaly_classes' names 'w', which is not a class (the classes are 'x', 'y')")
        XCTAssertTrue(problems(#","anomaly_classes":["y"]"#).contains("field 'anomaly_classes' needs the field 'classes'"))
        XCTAssertTrue(problems(#","classes":["x"],"anomaly_classes":"x""#).contains("field 'anomaly_classes' must be a non-empty list"))
        XCTAssertTrue(problems(#","classes":["x"],"anomaly_classes":[]"#).contains("field 'anomaly_classes' must be a non-empty list"))
    }
}
