import Tensors
import XCTest
@testable import Projection

final class EmbeddingMetricsTests: XCTestCase {
    func testExactKLMatchesTheGradientReference() throws {
        let n = 120
        let x = TestData.gaussian(rows: n, cols: 4, seed: 11)
        let p = try Affinities.compute(x, rows: n, cols: 4, perplexity: 8)
        let y = TestData.gaussian(rows: n, cols: 2, seed: 12)
        let reference = TSNEGradient.exact(y.map(Double.init), affinities: p, exaggeration: 1).kl
        XCTAssertEqual(EmbeddingMetrics.klDivergence(affinities: p, embedding: y, threads: 2), reference,
                       accuracy: 1e-9 * reference)
        // a t-SNE embedding fits P far better than noise
        var options = TSNEOptions()
        options.iterations = 200
        options.earlyExaggerationIterations = 50
        let fitted = try TSNE.run(x, rows: n, cols: 4, options: options)
        let fittedKL = EmbeddingMetrics.klDivergence(affinities: fitted.affinities, embedding: fitted.embedding)
        XCTAssertLessThan(fittedKL, 0.5 * reference)
        XCTAssertEqual(fitted.kl, fittedKL, accuracy: 0.03 * fittedKL, "Barnes–Hut estimate near the exact KL")
    }

    func testNeighborPreservationOfIdentityAndShuffle() throws {
        let n = 300
        let y = TestData.gaussian(rows: n, cols: 2, seed: 13)
        XCTAssertEqual(try EmbeddingMetrics.neighborPreservation(input: y, inputColumns: 2, embedding: y, rows: n), 1)
        // reversing the rows' positions destroys neighbourhoods: overlap near chance (k / N)
        let shuffled = (0..<n).flatMap { i in y[(2 * (n - 1 - i))..<(2 * (n - i))] }
        XCTAssertLessThan(try EmbeddingMetrics.neighborPreservation(input: y, inputColumns: 2, embedding: shuffled, rows: n), 0.1)
    }

    func testTrustworthinessMatchesScikitLearn() throws {
        let x = try NPY.read(TestData.fixtures.appendingPathComponent("trust_input.npy")).floatValues()
        let y = try NPY.read(TestData.fixtures.appendingPathComponent("trust_embedding.npy")).floatValues()
        let expected = try XCTUnwrap(NPY.read(TestData.fixtures.appendingPathComponent("trust_expected.npy")).doubles)
        for (k, value) in zip([1, 5, 10], expected) {
            XCTAssertEqual(try EmbeddingMetrics.trustworthiness(input: x, inputColumns: 6, embedding: y, rows: 60, k: k,
                                                                threads: 2), value, accuracy: 1e-9, "k = \(k)")
        }
        XCTAssertEqual(try EmbeddingMetrics.trustworthiness(input: y, inputColumns: 2, embedding: y, rows: 60, k: 5), 1)
        XCTAssertThrowsError(try EmbeddingMetrics.trustworthiness(input: x, inputColumns: 6, embedding: y, rows: 60, k: 30))
    }

    func testLabelAgreement() throws {
        let (x, labels) = TestData.blobs(perBlob: 20, blobs: 3, cols: 3)
        let knn = try BruteForceKNN(x, rows: 60, cols: 3).neighborsOfIndexedPoints(k: 5, threads: 1)
        XCTAssertEqual(EmbeddingMetrics.labelAgreement(knn, labels: labels), 1)
        // labels unrelated to the blobs agree about a third of the time
        XCTAssertLessThan(EmbeddingMetrics.labelAgreement(knn, labels: (0..<60).map { $0 % 3 }), 0.6)
    }
}
