import XCTest
@testable import Explorer
import LatentSpace

/// Above a size, the explorer's t-SNE fits on a sample and places the rest, and the title says so.
final class SampleFitTests: XCTestCase {
    func testALargeSetIsFitOnASampleAndTheTitleSaysSo() throws {
        let base = try SyntheticContext.make(perClass: 40)
        let job = try XCTUnwrap(TSNEProjection.job(encoding: base.encoding, classes: base.classes,
                                                   cache: AnalysisCache(directory: nil), encodingKey: "test", threads: 1,
                                                   fitSampleFrom: 100, sampleSize: 60))
        XCTAssertEqual(job.note, "fit on 60 of 120 points, the rest placed")
        let context = try SyntheticContext.make(perClass: 40, jobs: [.tsne: job])
        var d = ExplorerDriver(explorer: Explorer(context: context), width: 120, height: 40, runsProjections: false)
        d.type("t")
        XCTAssertTrue(d.explorer.titleText(d.state).contains("t-SNE starting (Esc cancels) · fit on 60 of 120 points, the rest placed"),
                      d.explorer.titleText(d.state))
        d = ExplorerDriver(explorer: Explorer(context: context), width: 120, height: 40)
        d.type("t")
        XCTAssertEqual(d.state.runs[.tsne]?.phase, .finished)
        XCTAssertEqual(d.state.coordinates.count, 240, "every point has coordinates, the sample's and the placed ones")
        XCTAssertTrue(d.state.coordinates.allSatisfy(\.isFinite))
        XCTAssertTrue(d.explorer.titleText(d.state).contains("t-SNE KL") && d.explorer.titleText(d.state).hasSuffix("· fit on 60 of 120 points, the rest placed"),
                      d.explorer.titleText(d.state))
        XCTAssertNil(TSNEProjection.job(encoding: base.encoding, classes: base.classes, cache: AnalysisCache(directory: nil),
                                        encodingKey: "test", threads: 1)?.note, "120 points are fit whole")
    }
}
