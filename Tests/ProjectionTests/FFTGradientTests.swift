import XCTest
@testable import Projection

final class FFTGradientTests: XCTestCase {
    /// The transform of every column of an `n × width` array by the definition.
    private func naiveDFT(_ re: [Double], _ im: [Double], n: Int, width: Int, sign: Double) -> ([Double], [Double]) {
        var outRe = [Double](repeating: 0, count: n * width), outIm = outRe
        for k in 0..<n { for c in 0..<width {
            var sr = 0.0, si = 0.0
            for j in 0..<n {
                let a = sign * 2 * Double.pi * Double(j * k % n) / Double(n)
                sr += re[j * width + c] * cos(a) - im[j * width + c] * sin(a)
                si += re[j * width + c] * sin(a) + im[j * width + c] * cos(a)
            }
            outRe[k * width + c] = sr; outIm[k * width + c] = si
        } }
        return (outRe, outIm)
    }

    func testMixedRadixTransformEqualsTheDefinition() {
        var rng = SeededGenerator(seed: 1)
        for n in [1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 16, 27, 30, 50, 60, 96, 150, 162] {
            // 11 columns: a worker's range of 4-column vectors and single columns, and one of single columns
            let width = 11
            let re = (0..<(n * width)).map { _ in rng.nextGaussian() }, im = (0..<(n * width)).map { _ in rng.nextGaussian() }
            for inverse in [false, true] {
                var r = re.map(Float.init), i = im.map(Float.init)
                var sr = [Float](repeating: 0, count: n * width), si = sr
                let plan = FFTPlan(n)
                r.withUnsafeMutableBufferPointer { rb in i.withUnsafeMutableBufferPointer { ib in
                    sr.withUnsafeMutableBufferPointer { a in si.withUnsafeMutableBufferPointer { b in
                        // two column ranges, as two workers would
                        plan.transform(re: rb.baseAddress!, im: ib.baseAddress!, width: width, columns: 0..<2,
                                       inverse: inverse, scratchRe: a.baseAddress!, scratchIm: b.baseAddress!)
                        plan.transform(re: rb.baseAddress!, im: ib.baseAddress!, width: width, columns: 2..<11,
                                       inverse: inverse, scratchRe: a.baseAddress!, scratchIm: b.baseAddress!)
                    } }
                } }
                let (er, ei) = naiveDFT(re, im, n: n, width: width, sign: inverse ? 1 : -1)
                for e in 0..<(n * width) {
                    // single precision: rounding grows with the length's stages, on values of size about √n
                    XCTAssertEqual(Double(r[e]), er[e], accuracy: 1e-6 * Double(n), "n \(n) element \(e)")
                    XCTAssertEqual(Double(i[e]), ei[e], accuracy: 1e-6 * Double(n), "n \(n) element \(e)")
                }
            }
        }
        XCTAssertEqual(FFTPlan.smoothLength(atLeast: 301), 320)
        XCTAssertEqual(FFTPlan.fastLength(atLeast: 301), 324)
        XCTAssertEqual(FFTPlan.fastLength(atLeast: 512), 512)
        XCTAssertEqual(FFTPlan.smoothLength(atLeast: 600), 600)
    }

    /// Affinities of random data and an embedding spread like a t-SNE embedding midway.
    private func fixture(n: Int, spread: Double, seed: UInt64) throws -> (SparseAffinities, [Double]) {
        let x = TestData.gaussian(rows: n, cols: 6, seed: seed)
        let p = try Affinities.compute(x, rows: n, cols: 6, perplexity: 10)
        var rng = SeededGenerator(seed: seed + 100)
        return (p, (0..<(2 * n)).map { _ in spread * rng.nextGaussian() })
    }

    private func interpolated(_ y: [Double], _ p: SparseAffinities, exaggeration: Double = 1,
                              threads: Int = 1) -> (kl: Double, gradient: [Double]) {
        let n = y.count / 2
        var ws = TSNEGradient.Workspace(points: n)
        var g = [Double](repeating: 0, count: 2 * n)
        let kl = y.withUnsafeBufferPointer { yb in
            g.withUnsafeMutableBufferPointer { gb in
                TSNEGradient.interpolated(yb.baseAddress!, n: n, affinities: p, exaggeration: exaggeration,
                                          threads: threads, workspace: &ws, gradient: gb.baseAddress!, computeKL: true)
            }
        }
        return (kl ?? .nan, g)
    }

    func testInterpolatedGradientMatchesTheExactOne() throws {
        // a compact embedding: the minimum grid of 50 boxes is fine for it (an embedding wider than 50 gets one
        // box per unit of length, as in openTSNE, which is coarser: see the next test)
        for (spread, seed) in [(2.0, 1)] as [(Double, UInt64)] {
            let (p, y) = try fixture(n: 400, spread: spread, seed: seed)
            let exact = TSNEGradient.exact(y, affinities: p, exaggeration: 4)
            let fft = interpolated(y, p, exaggeration: 4)
            var err = 0.0, norm = 0.0
            for i in y.indices { err += pow(fft.gradient[i] - exact.gradient[i], 2); norm += pow(exact.gradient[i], 2) }
            XCTAssertLessThan((err / norm).squareRoot(), 1e-3, "relative gradient error, spread \(spread)")
            let exactKL = TSNEGradient.exact(y, affinities: p, exaggeration: 1).kl
            XCTAssertEqual(fft.kl, exactKL, accuracy: 1e-4 * abs(exactKL), "spread \(spread)")
        }
    }

    func testWideEmbeddingsGetFixedWidthBoxesAndStayClose() throws {
        let (p, y) = try fixture(n: 400, spread: 40, seed: 2)
        let exact = TSNEGradient.exact(y, affinities: p, exaggeration: 1)
        let fft = interpolated(y, p)
        var err = 0.0, norm = 0.0
        for i in y.indices { err += pow(fft.gradient[i] - exact.gradient[i], 2); norm += pow(exact.gradient[i], 2) }
        XCTAssertLessThan((err / norm).squareRoot(), 0.1, "relative gradient error")
        XCTAssertEqual(fft.kl, exact.kl, accuracy: 0.03 * abs(exact.kl))
    }

    func testGridLayoutCoversTheEmbeddingWithFastLengths() {
        for extent in [1e-4, 10, 39.9, 40.1, 97, 160, 333, 1000] {
            let (boxes, half) = FFTRepulsion.layout(extent: extent)
            let wanted = max(FFTRepulsion.minimumBoxes, Int((extent * FFTRepulsion.boxesPerUnit).rounded(.up)))
            XCTAssertGreaterThanOrEqual(boxes, wanted, "extent \(extent)")
            XCTAssertLessThanOrEqual((FFTRepulsion.nodes - 1) * boxes + 1, half, "extent \(extent)")
            XCTAssertTrue(FFTPlan.isFast(2 * half), "extent \(extent): length \(2 * half)")
            // the next length down would not hold the boxes wanted
            XCTAssertLessThan(half, 2 * ((FFTRepulsion.nodes - 1) * wanted + 1), "extent \(extent)")
        }
    }

    func testInterpolatedGradientDoesNotDependOnThreadCount() throws {
        let (p, y) = try fixture(n: 3000, spread: 30, seed: 3)
        let one = interpolated(y, p, threads: 1), three = interpolated(y, p, threads: 3)
        XCTAssertEqual(one.gradient, three.gradient)
        XCTAssertEqual(one.kl, three.kl)
    }

    func testFFTRunSeparatesBlobsAndRepeatsExactly() throws {
        let (x, labels) = TestData.blobs(perBlob: 50, blobs: 4, cols: 10)
        var options = TSNEOptions()
        options.perplexity = 15
        options.iterations = 120
        options.earlyExaggerationIterations = 50
        options.threads = 2
        options.gradient = .fft
        options.initialization = .random
        let a = try TSNE.run(x, rows: 200, cols: 10, options: options)
        let knn = try BruteForceKNN(a.embedding, rows: 200, cols: 2).neighborsOfIndexedPoints(k: 10, threads: 1)
        XCTAssertGreaterThanOrEqual(EmbeddingMetrics.labelAgreement(knn, labels: labels), 0.95)
        options.threads = 1
        XCTAssertEqual(try TSNE.run(x, rows: 200, cols: 10, options: options).embedding, a.embedding)
    }

    /// The FFT gradient's embedding is as good as Barnes–Hut's for the same seed: exact KL (one P) within 1 %,
    /// 10-NN preservation within 0.01 (Fashion-MNIST 10,000 in bench/tsne_vs_peers.py checks the same).
    func testFFTAndBarnesHutEmbeddingsAgreeInQuality() throws {
        let (x, _) = TestData.blobs(perBlob: 300, blobs: 5, cols: 10, separation: 6)
        let n = 1500
        var options = TSNEOptions()
        options.iterations = 400
        options.earlyExaggerationIterations = 150
        options.threads = 2
        var kl: [TSNEOptions.Gradient: Double] = [:], kept: [TSNEOptions.Gradient: Double] = [:]
        for method in [TSNEOptions.Gradient.bh, .fft] {
            options.gradient = method
            let r = try TSNE.run(x, rows: n, cols: 10, options: options)
            kl[method] = EmbeddingMetrics.klDivergence(affinities: r.affinities, embedding: r.embedding, threads: 2)
            kept[method] = try EmbeddingMetrics.neighborPreservation(input: x, inputColumns: 10, embedding: r.embedding,
                                                                         rows: n, k: 10, threads: 2)
        }
        XCTAssertEqual(kl[.fft]!, kl[.bh]!, accuracy: 0.01 * kl[.bh]!, "KL")
        XCTAssertEqual(kept[.fft]!, kept[.bh]!, accuracy: 0.01, "10-NN preservation")
    }
}
