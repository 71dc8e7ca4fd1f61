import Explorer
import Foundation
import LatentSpace
import ONNX
import ONNXGraphBuilding
import Projection
import Render
import Tensors

/// Timings of the interactive explorer: start with a warm cache, a key to a redrawn frame at 10,000, 70,000 and
/// 1,000,000 points, a slider step with a 224×224 sixel image and one on a spatial latent with an RGB image,
/// redraws of an unchanged traversal grid, and what animating a
/// t-SNE run costs over running it headless. Keys go through `ExplorerDriver`, which carries out the work a key
/// asks for (decodes, placements) on the spot, so its time is counted.
enum ExplorerBench {
    static let width = 160, height = 50

    static func run(threads: Int) throws -> [BenchMeasurement] {
        let bundle = try ModelBundle.load(fileURL(defaultBundlePath))
        let cacheFolder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-bench-explorer")
        let cache = AnalysisCache(directory: cacheFolder)
        let display = DisplayOptions(canvas: .braille, images: .sixel, colors: .indexed256,
                                     cellSize: PixelSize(width: 10, height: 20))
        // Warm the cache once, then time a start as the user sees it: manifest, cached codes, PCA, first frame.
        _ = try ExplorerLoader.load(bundle: bundle, display: display, cache: cache, threads: threads)
        var explorer: Explorer!
        let start = try medianSeconds(repeats: 5, warmup: 0) {
            let b = try ModelBundle.load(fileURL(defaultBundlePath))
            explorer = Explorer(context: try ExplorerLoader.load(bundle: b, display: display, cache: cache, threads: threads))
            _ = ExplorerDriver(explorer: explorer, width: width, height: height).frame
        }
        let keyToFrame = keyToFrameSeconds(explorer)

        // 70,000 codes decoded by the default bundle's decoder (28×28).
        let shippedDecoder = fileURL(defaultBundlePath).appendingPathComponent("decoder.onnx")
        let large = try SyntheticBundle(points: 70_000, decoder: .file(shippedDecoder), cache: cache, display: display,
                                        threads: threads)
        let keyToFrame70k = keyToFrameSeconds(large.explorer)
        // and 1,000,000 (density-shaded plot)
        let million = try SyntheticBundle(points: 1_000_000, decoder: .file(shippedDecoder), cache: cache,
                                          display: display, threads: threads)
        let keyToFrame1M = keyToFrameSeconds(million.explorer)

        // A slider step with a 224×224 image: move a dimension, decode, sixel-encode, draw the frame.
        let wide = try SyntheticBundle(points: 10_000, decoder: .mlp224, cache: cache, display: display, threads: threads)
        var sliders = ExplorerDriver(explorer: wide.explorer, width: width, height: height)
        sliders.type("s")
        let sliderStep = medianSeconds(repeats: 41, warmup: 3) {
            sliders.send(.key(.right))   // one way: every step a new code, decoded and encoded anew
            _ = sliders.frame
        }

        // A slider step on a spatial latent: the AutoencoderKL-style fixture (4×8×8 codes, 3×32×32 RGB samples),
        // along its first principal direction, the edit decoded, the RGB image sixel-encoded, the frame drawn.
        let spatialBundle = try ModelBundle.load(fileURL("Tests/Fixtures/exported/kl-vae"))
        let spatialExplorer = Explorer(context: try ExplorerLoader.load(bundle: spatialBundle, display: display,
                                                                        cache: cache, threads: threads))
        // Every step goes the same way, so each is a new code: no decode or encoded image comes from a cache.
        var spatial = ExplorerDriver(explorer: spatialExplorer, width: width, height: height)
        spatial.type("s")
        let spatialStep = medianSeconds(repeats: 41, warmup: 3) {
            spatial.send(.key(.right))
            _ = spatial.frame
        }

        // An unchanged state redrawn: no decode, images from the encoded-image cache.
        var traversal = ExplorerDriver(explorer: explorer, width: width, height: height)
        traversal.type("d")
        let decodesBefore = traversal.decodes
        let traversalRedraw = medianSeconds(repeats: 21, warmup: 2) { _ = traversal.frame }
        let redrawDecodes = traversal.decodes - decodesBefore

        // The t-SNE animation: the same run with a frame drawn every 10 iterations versus headless.
        let n = 10_000
        let codes = explorer.context.encoding
        var options = TSNEOptions()
        options.threads = threads
        options.progressInterval = 10_000
        let headless = try medianSeconds(repeats: 1, warmup: 0) {
            _ = try TSNE.run(codes.codes, rows: n, cols: codes.dimensions, options: options)
        }
        options.progressInterval = 10
        var animated = ExplorerDriver(explorer: explorer, width: width, height: height, runsProjections: false)
        animated.type("t")
        let withFrames = try medianSeconds(repeats: 1, warmup: 0) {
            _ = try TSNE.run(codes.codes, rows: n, cols: codes.dimensions, options: options) { p in
                animated.send(.projection(.tsne, .progress(iteration: p.iteration, total: p.totalIterations, kl: p.kl,
                                                           coordinates: p.embedding)))
                _ = animated.frame
                return true
            }
        }
        return [
            BenchMeasurement(name: "explorer.cold_start_warm_cache", seconds: start,
                             detail: "manifest + cached codes + PCA + first 160×50 frame (budget 0.5 s)"),
            BenchMeasurement(name: "explorer.key_to_frame_10000", seconds: keyToFrame,
                             detail: "update + work + view + diff, 10,000 points, 160×50, sixel images (budget 16 ms)"),
            BenchMeasurement(name: "explorer.key_to_frame_70000", seconds: keyToFrame70k,
                             detail: "the same at 70,000 points (synthetic codes, the default decoder) (budget 16 ms)"),
            BenchMeasurement(name: "explorer.key_to_frame_1000000", seconds: keyToFrame1M,
                             detail: "the same at 1,000,000 points (budget 16 ms)"),
            BenchMeasurement(name: "explorer.slider_step_224", seconds: sliderStep,
                             detail: "slider key: decode 224×224, sixel-encode, full frame (budget 10 ms)"),
            BenchMeasurement(name: "explorer.slider_step_spatial", seconds: spatialStep,
                             detail: "slider key on a 4×8×8 latent (principal direction): decode 3×32×32 RGB, sixel-encode, full frame (budget 30 ms)"),
            BenchMeasurement(name: "explorer.traversal_redraw", seconds: traversalRedraw,
                             detail: "an unchanged traversal grid redrawn, \(redrawDecodes) decodes (budget 5 ms, 0 decodes)"),
            BenchMeasurement(name: "explorer.tsne_headless_10000", seconds: headless, detail: "750 iterations, no frames"),
            BenchMeasurement(name: "explorer.tsne_animated_10000", seconds: withFrames,
                             detail: String(format: "a frame every 10 iterations: %.1f%% over headless (budget 10%%)",
                                            (withFrames / headless - 1) * 100)),
        ]
    }

    /// One key (a cursor step) to a redrawn frame and the cells the terminal would be sent, median.
    private static func keyToFrameSeconds(_ explorer: Explorer) -> Double {
        var driver = ExplorerDriver(explorer: explorer, width: width, height: height)
        var previous = driver.frame.buffer
        var k = 0
        return medianSeconds(repeats: 41, warmup: 3) {
            driver.send(.key(k % 2 == 0 ? .right : .down))
            k += 1
            let frame = driver.frame
            _ = frame.buffer.diff(from: previous)
            previous = frame.buffer
        }
    }
}

/// Codes of a 10-class Gaussian mixture in 16 dimensions with a decoder (a given one, or one to 224×224 grey
/// images with seeded MLP weights), written as a bring-your-own bundle and loaded as a user's would be.
private struct SyntheticBundle {
    enum Decoder {
        case file(URL)
        case mlp224
    }

    let explorer: Explorer

    init(points n: Int, decoder model: Decoder, cache: AnalysisCache, display: DisplayOptions, threads: Int) throws {
        let tag: String
        if case .mlp224 = model { tag = "mlp224" } else { tag = "given" }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-bench-synthetic-\(n)-\(tag)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let d = 16
        var generator = SeededGenerator(seed: 11)
        var codes = [Float](repeating: 0, count: n * d)
        var labels = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            let c = i % 10
            labels[i] = Int64(c)
            for j in 0..<d { codes[i * d + j] = (j == c ? 4 : 0) + Float.random(in: -1...1, using: &generator) }
        }
        let latents = folder.appendingPathComponent("z.npy"), labelFile = folder.appendingPathComponent("y.npy")
        try NPY.write(try Tensor(shape: [n, d], floats: codes), to: latents)
        try NPY.write(try Tensor(shape: [n], int64s: labels), to: labelFile)
        let decoder: URL
        switch model {
        case .file(let url): decoder = url
        case .mlp224:
            decoder = folder.appendingPathComponent("decoder.onnx")
            try SyntheticModels.mlpDecoder(latent: d, hidden: [64], output: [1, 224, 224], seed: 5).write(to: decoder)
        }
        let bundle = try ModelBundle.bringYourOwn(decoder: decoder, labels: labelFile, latents: latents)
        explorer = Explorer(context: try ExplorerLoader.load(bundle: bundle, display: display, cache: cache, threads: threads))
    }
}
