import Dispatch
import Foundation
import ONNX
import Tensors

extension ImageFolder {
    /// A folder's images decoded into one array.
    public struct Images: Sendable {
        /// uint8 samples `[N, C, H, W]`.
        public var samples: Tensor
        /// The class of each sample, or nil for a flat folder.
        public var labels: [Int]?
        /// Unreadable images left out (`skipBad`).
        public var leftOut: Int
        /// Images whose size was not `H × W` (cropped and resized).
        public var resized: Int
        /// The first image left out and why, when there is one (not known for images read from the cache).
        public var firstLeftOut: String?
    }

    /// Decodes every image on `threads` threads into `[C, H, W]` samples (see `DecodedImage.writePlanes` for the
    /// channel conversions and `PlaneResampler` for size mismatches).
    ///
    /// - Parameters:
    ///   - shape: `[C, H, W]` with C = 1 or 3; nil takes the first image's size, and grey (1) or colour (3).
    ///   - skipBad: leave out images that cannot be decoded instead of failing.
    ///   - progress: called on this thread with (images done, total) about ten times a second.
    /// - Throws: `BundleError` naming the first image that cannot be read or decoded (unless `skipBad`), or the
    ///   folder when no image could be.
    public func read(shape: [Int]?, skipBad: Bool, threads: Int,
                     progress: (Int, Int) -> Void = { _, _ in }) throws(BundleError) -> Images {
        let shape = if let shape { shape } else { try firstImageShape() }
        let (c, h, w) = (shape[0], shape[1], shape[2])
        let per = c * h * w, n = files.count
        let state = ReadState(count: n, per: per)
        let paths = files.map { url.appendingPathComponent($0.path) }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            WorkQueue.run(count: n, workers: threads) { queue in
                var scratch = Scratch()
                while !state.stopped, let i = queue.take() {
                    let outcome = Self.decode(paths[i], into: state.slot(i), channels: c, height: h, width: w,
                                              scratch: &scratch)
                    state.finish(i, outcome, stopOnFailure: !skipBad)
                }
            }
            done.signal()
        }
        while done.wait(timeout: .now() + 0.1) == .timedOut { progress(state.finished, n) }
        progress(state.finished, n)

        let failures = state.failures.sorted { $0.key < $1.key }
        if let (i, reason) = failures.first, !skipBad {
            throw BundleError(file: paths[i].path, reason)
        }
        let kept = (0..<n).filter { state.failures[$0] == nil }
        guard !kept.isEmpty else { throw BundleError(file: url.path, "none of the \(n) images could be decoded") }
        var pixels = state.pixels
        if kept.count < n {
            // Move the kept samples down over the left-out ones.
            for (k, i) in kept.enumerated() where k != i {
                pixels.replaceSubrange((k * per)..<((k + 1) * per), with: pixels[(i * per)..<((i + 1) * per)])
            }
            pixels.removeLast((n - kept.count) * per)
        }
        let labels = classNames == nil ? nil : kept.map { files[$0].label ?? 0 }
        let samples = try Self.tensor([kept.count] + shape, pixels)
        return Images(samples: samples, labels: labels, leftOut: n - kept.count, resized: state.resized,
                      firstLeftOut: failures.first.map { "\(files[$0.key].path): \($0.value)" })
    }

    /// `[C, H, W]` of the first image that decodes: its size, and 1 channel if grey, else 3.
    private func firstImageShape() throws(BundleError) -> [Int] {
        var firstFailure: BundleError?
        for file in files {
            let path = url.appendingPathComponent(file.path)
            do {
                let image = try ImageDecoder.decode(try Data(contentsOf: path))
                return [image.isGrey ? 1 : 3, image.height, image.width]
            } catch let error as ImageDecodingError {
                firstFailure = firstFailure ?? BundleError(file: path.path, error.reason)
            } catch {
                firstFailure = firstFailure ?? BundleError(file: path.path, "cannot be read (\((error as NSError).localizedDescription))")
            }
        }
        throw firstFailure ?? BundleError(file: url.path, "no PNG or JPEG images in this folder")
    }

    private static func tensor(_ shape: [Int], _ pixels: [UInt8]) throws(BundleError) -> Tensor {
        do { return try Tensor(shape: shape, bytes: pixels) } catch {
            throw BundleError(file: "images", "\(error)")
        }
    }

    /// What decoding one file came to.
    enum Outcome {
        case fitted, resized
        case failed(String)
    }

    /// Memory a decoding thread keeps from one image to the next (so it allocates it once, not per image):
    /// decoded pixels, and the full-size planes of an image that is resized.
    struct Scratch {
        var pixels: [UInt8] = []
        var planes: [UInt8] = []
    }

    /// Reads and decodes one file into its sample's slot.
    static func decode(_ path: URL, into slot: UnsafeMutableBufferPointer<UInt8>, channels: Int, height: Int,
                       width: Int, scratch: inout Scratch) -> Outcome {
        let bytes: Data
        do { bytes = try Data(contentsOf: path) } catch {
            return .failed("cannot be read (\((error as NSError).localizedDescription))")
        }
        let decoded: Result<DecodedImage, ImageDecodingError> = bytes.withUnsafeBytes { raw in
            Result { () throws(ImageDecodingError) in try ImageDecoder.decode(raw, reusing: &scratch.pixels) }
        }
        guard case .success(let image) = decoded else {
            if case .failure(let error) = decoded { return .failed(error.reason) }
            return .failed("cannot be decoded")
        }
        defer { scratch.pixels = image.pixels }
        if image.width == width && image.height == height {
            image.writePlanes(channels: channels, into: slot)
            return .fitted
        }
        let plane = image.width * image.height
        if scratch.planes.count < channels * plane { scratch.planes = [UInt8](repeating: 0, count: channels * plane) }
        let resampler = PlaneResampler(sourceWidth: image.width, sourceHeight: image.height, width: width, height: height)
        scratch.planes.withUnsafeMutableBufferPointer { whole in
            let p = UnsafeMutableBufferPointer(rebasing: whole[0..<(channels * plane)])
            image.writePlanes(channels: channels, into: p)
            for k in 0..<channels {
                resampler.resize(UnsafeBufferPointer(rebasing: p[(k * plane)..<((k + 1) * plane)]),
                                 into: UnsafeMutableBufferPointer(rebasing: slot[(k * height * width)..<((k + 1) * height * width)]))
            }
        }
        return .resized
    }
}

/// The output array and the tallies the decoding threads share; each thread writes only the slots of the samples
/// it took, and the tallies are updated under a lock.
private final class ReadState: @unchecked Sendable {
    private let lock = NSLock()
    private let per: Int
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private(set) var failures: [Int: String] = [:]
    private(set) var resized = 0
    private var count = 0
    private var stop = false

    init(count n: Int, per: Int) {
        self.per = per
        storage = .allocate(capacity: n * per)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    /// The samples (read once every thread is done).
    var pixels: [UInt8] { Array(storage) }
    var finished: Int { lock.withLock { count } }
    var stopped: Bool { lock.withLock { stop } }

    func slot(_ i: Int) -> UnsafeMutableBufferPointer<UInt8> {
        UnsafeMutableBufferPointer(rebasing: storage[(i * per)..<((i + 1) * per)])
    }

    func finish(_ i: Int, _ outcome: ImageFolder.Outcome, stopOnFailure: Bool) {
        lock.withLock {
            count += 1
            switch outcome {
            case .fitted: break
            case .resized: resized += 1
            case .failed(let reason):
                failures[i] = reason
                if stopOnFailure { stop = true }
            }
        }
    }
}
