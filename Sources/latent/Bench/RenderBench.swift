import Foundation
import Render
import Projection

/// Timings of the Render target: scatter rasterisation and image encoders.
enum RenderBench {
    /// `n` points in 10 Gaussian blobs on a circle, and their blob.
    private static func blobs(_ n: Int, _ rng: inout SeededGenerator) -> (points: [Float], classes: [Int]) {
        var points = [Float](repeating: 0, count: 2 * n)
        var classes = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let c = i % 10
            let angle = Double(c) * 2 * Double.pi / 10
            points[2 * i] = Float(cos(angle) * 5 + rng.nextGaussian())
            points[2 * i + 1] = Float(sin(angle) * 5 + rng.nextGaussian())
            classes[i] = c
        }
        return (points, classes)
    }

    static func run(threads: Int) throws -> [BenchMeasurement] {
        var results: [BenchMeasurement] = []

        // MARK: Scatter: 70,000 points in 10 Gaussian blobs onto a 160×50 braille canvas.
        var rng = SeededGenerator(seed: 42)
        let (points, classes) = blobs(70_000, &rng)
        let plot = ScatterPlot(points: points, coloring: .classes(classes), palette: Palette(depth: .truecolor))
        let viewport = Viewport.fitting(points: points, dotsWide: 320, dotsHigh: 200)
        var canvas = BrailleCanvas(width: 160, height: 50)
        let scatter = medianSeconds(repeats: 21) {
            canvas.clear()
            plot.draw(on: &canvas, viewport: viewport)
        }
        results.append(BenchMeasurement(name: "render.scatter_braille_70k_160x50", seconds: scatter,
                                        detail: "70,000 points, 10 classes, 160×50 braille cells"))
        // the same blobs with 1,000,000 points (density-shaded), as a zoom or pan at that size redraws them
        let (manyPoints, manyClasses) = blobs(1_000_000, &rng)
        let manyPlot = ScatterPlot(points: manyPoints, coloring: .classes(manyClasses), palette: Palette(depth: .truecolor))
        let manyScatter = medianSeconds(repeats: 11) {
            canvas.clear()
            manyPlot.draw(on: &canvas, viewport: viewport)
        }
        results.append(BenchMeasurement(name: "render.scatter_braille_1m_160x50", seconds: manyScatter,
                                        detail: "1,000,000 points, 10 classes, 160×50 braille cells, density-shaded (budget 16 ms)"))
        var buffer = CellBuffer(width: 160, height: 50)
        let toCells = medianSeconds(repeats: 21) {
            canvas.draw(into: &buffer, at: Position(x: 0, y: 0), background: .plain)
        }
        results.append(BenchMeasurement(name: "render.braille_to_cells_160x50", seconds: toCells,
                                        detail: "braille canvas to a cell buffer"))

        // MARK: Sixel: a 28×28 grey image (Fashion-MNIST-like) scaled ×8 to 224×224.
        let small = try sampleImage()
        let big = small.resized(width: 224, height: 224, filter: .nearest)
        let encoder = SixelEncoder()
        var size = 0
        let sixel = medianSeconds(repeats: 51) { size = encoder.encode(big).count }
        results.append(BenchMeasurement(name: "render.sixel_grey_224", seconds: sixel,
                                        detail: "sixel of a 224×224 grey image (\(size) bytes)"))
        let scaled = medianSeconds(repeats: 51) { size = encoder.encode(small, width: 224, height: 224).count }
        results.append(BenchMeasurement(name: "render.sixel_grey_28_to_224", seconds: scaled,
                                        detail: "28×28 grey scaled ×8 (nearest) and encoded (\(size) bytes)"))
        let bilinear = SixelEncoder(options: SixelOptions(filter: .bilinear))
        let smooth = medianSeconds(repeats: 21) { size = bilinear.encode(small, width: 224, height: 224).count }
        results.append(BenchMeasurement(name: "render.sixel_grey_28_to_224_bilinear", seconds: smooth,
                                        detail: "28×28 grey scaled ×8 (bilinear) and encoded (\(size) bytes)"))
        // Grey noise, like the samples of a decoder with random weights: the slider step's worst case.
        var noise = SeededGenerator(seed: 3)
        let grey = try Image(width: 224, height: 224, channels: 1,
                             pixels: (0..<(224 * 224)).map { _ in Float.random(in: 0...1, using: &noise) })
        let greyNoise = medianSeconds(repeats: 21) { size = encoder.encode(grey).count }
        results.append(BenchMeasurement(name: "render.sixel_grey_noise_224", seconds: greyNoise,
                                        detail: "224×224 grey noise (\(size) bytes)"))
        let rgb = try Image(width: 224, height: 224, channels: 3,
                            pixels: (0..<(224 * 224 * 3)).map { i in Float((i * 7919) % 1000) / 1000 })
        let color = medianSeconds(repeats: 5) { size = encoder.encode(rgb).count }
        results.append(BenchMeasurement(name: "render.sixel_rgb_noise_224", seconds: color,
                                        detail: "224×224 RGB noise, quantised (\(size) bytes)"))

        // MARK: Cell encoders.
        let half = HalfBlockEncoder(depth: .indexed256)
        let blocks = medianSeconds(repeats: 21) { _ = half.cells(for: small, columns: 28, rows: 14) }
        results.append(BenchMeasurement(name: "render.halfblock_28x14", seconds: blocks, detail: "28×28 image as 28×14 half-block cells"))
        let ascii = AsciiEncoder(greyColors: true)
        let text = medianSeconds(repeats: 21) { _ = ascii.cells(for: small, columns: 56, rows: 28) }
        results.append(BenchMeasurement(name: "render.ascii_56x28", seconds: text, detail: "28×28 image as 56×28 ASCII cells"))
        return results
    }

    /// The first Fashion-MNIST test image if Debian's dataset-fashion-mnist is installed, else a synthetic
    /// 28×28 image with smooth and sharp features.
    static func sampleImage() throws -> Image {
        let path = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
        if let pixels = firstGzipIDXImage(path: path) {
            return try Image(width: 28, height: 28, channels: 1, pixels: pixels)
        }
        var pixels = [Float](repeating: 0, count: 784)
        for y in 0..<28 {
            for x in 0..<28 {
                let dx = Float(x) - 13.5, dy = Float(y) - 13.5
                let r = (dx * dx + dy * dy).squareRoot()
                pixels[y * 28 + x] = r < 11 ? Float(0.3 + 0.7 * Double(x) / 27) * (r < 6 ? 1 : 0.6) : 0
            }
        }
        return try Image(width: 28, height: 28, channels: 1, pixels: pixels)
    }

    /// The first image of a gzipped IDX file, via gzip(1); nil if that fails.
    static func firstGzipIDXImage(path: String) -> [Float]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(path)' | head -c 800"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard data.count == 800 else { return nil }
        return data.dropFirst(16).map { Float($0) / 255 }
    }
}
