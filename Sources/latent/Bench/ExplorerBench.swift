import Explorer
import Foundation
import LatentSpace
import Projection
import Render

/// Timings of the interactive explorer on the default bundle: start with a warm cache, one key to a redrawn
/// frame, and what animating a t-SNE run costs over running it headless.
enum ExplorerBench {
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
            let state = explorer.initialState(width: 160, height: 50)
            _ = explorer.view(state)
        }

        // One key: update + view + the diff the terminal layer sends.
        var state = explorer.initialState(width: 160, height: 50)
        var previous = explorer.view(state).buffer
        var k = 0
        let keyToFrame = medianSeconds(repeats: 41, warmup: 3) {
            _ = explorer.update(&state, .key(k % 2 == 0 ? .right : .down))
            k += 1
            let frame = explorer.view(state)
            _ = frame.buffer.diff(from: previous)
            previous = frame.buffer
        }

        // A slider step: move a dimension, decode, draw the sample pane with sixel images.
        var sliders = explorer.initialState(width: 160, height: 50)
        _ = explorer.update(&sliders, .key(.character("s")))
        var step = 0
        let sliderStep = medianSeconds(repeats: 41, warmup: 3) {
            _ = explorer.update(&sliders, .key(step % 2 == 0 ? .right : .left))
            step += 1
            _ = explorer.view(sliders)
        }
        // The traversal grid's work for every dimension: 16 × 7 decodes and 112 sixel thumbnails of 56×56 pixels.
        let context = explorer.context
        let point = context.encoding.code(0)
        let traversal = try medianSeconds(repeats: 5, warmup: 1) {
            for dim in 0..<context.latentDim {
                let codes = context.stats.traversal(of: point, dimension: dim)
                let decoded = try context.model!.decode(codes.flatMap { $0 }, count: codes.count)
                let per = decoded.count / codes.count
                for k in 0..<codes.count {
                    let image = try Image(planar: Array(decoded[(k * per)..<((k + 1) * per)]), channels: 1, height: 28, width: 28)
                    _ = SixelEncoder().encode(image, width: 56, height: 56)
                }
            }
        }

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
        var animated = explorer.initialState(width: 160, height: 50)
        _ = explorer.update(&animated, .key(.character("t")))
        let withFrames = try medianSeconds(repeats: 1, warmup: 0) {
            _ = try TSNE.run(codes.codes, rows: n, cols: codes.dimensions, options: options) { p in
                _ = explorer.update(&animated, .tsneProgress(iteration: p.iteration, total: p.totalIterations, kl: p.kl,
                                                             coordinates: p.embedding))
                _ = explorer.view(animated)
                return true
            }
        }
        return [
            BenchMeasurement(name: "explorer.cold_start_warm_cache", seconds: start,
                             detail: "manifest + cached codes + PCA + first 160×50 frame (budget 0.5 s)"),
            BenchMeasurement(name: "explorer.key_to_frame_10000", seconds: keyToFrame,
                             detail: "update + view + diff, 10,000 points, 160×50, sixel images (budget 16 ms)"),
            BenchMeasurement(name: "explorer.slider_step", seconds: sliderStep,
                             detail: "slider key: decode edited and original, sixel sample pane, full frame (budget 10 ms)"),
            BenchMeasurement(name: "explorer.traversal_grid_16x7", seconds: traversal,
                             detail: "16 dimensions × 7 decodes and sixel thumbnails (budget 100 ms)"),
            BenchMeasurement(name: "explorer.tsne_headless_10000", seconds: headless, detail: "750 iterations, no frames"),
            BenchMeasurement(name: "explorer.tsne_animated_10000", seconds: withFrames,
                             detail: String(format: "a frame every 10 iterations: %.1f%% over headless (budget 10%%)",
                                            (withFrames / headless - 1) * 100)),
        ]
    }
}
