import ArgumentParser
import Foundation
import LatentSpace

/// `latent interpolate BUNDLE --from I --to J`: decoded frames along the path between two points' codes.
struct InterpolateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interpolate",
        abstract: "Decode the path between two data points' codes (linear, or spherical with --slerp)."
    )

    @OptionGroup var model: BundleOptions

    @Option(parsing: .unconditional, help: "The start point's index.")
    var from: Int

    @Option(parsing: .unconditional, help: "The end point's index.")
    var to: Int

    @Option(parsing: .unconditional, help: "Frames, including both ends (2–64).")
    var steps: Int = 8

    @Flag(help: "Spherical interpolation (slerp) instead of linear.")
    var slerp = false

    @Option(help: "ascii, blocks, sixel or kitty.")
    var format: SampleFormat = .blocks

    @Option(parsing: .unconditional, help: "Size multiplier (default 8 for sixel and kitty, 1 otherwise).")
    var scale: Int?

    func validate() throws {
        guard (2...64).contains(steps) else { throw ValidationError("--steps must be between 2 and 64") }
        if let scale, scale < 1 || scale > 64 { throw ValidationError("--scale must be between 1 and 64") }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try LoadedBundle.load(model)
            try loaded.checkIndex(from, flag: "--from")
            try loaded.checkIndex(to, flag: "--to")
            let method: Interpolation = slerp ? .spherical : .linear
            let ends = try loaded.codes(of: [from, to])
            let path = method.path(from: ends[0], to: ends[1], steps: steps)
            let decoded = try loaded.model().decode(path.flatMap { $0 }, count: path.count)
            let per = decoded.count / path.count
            let frames = (0..<path.count).map { Array(decoded[($0 * per)..<(($0 + 1) * per)]) }
            printNote("#\(from) \(try loaded.label(from)) → #\(to) \(try loaded.label(to)), \(steps) \(method.rawValue) steps")
            writeStdout(try SampleOutput(sample: loaded.data().sample, format: format, scale: scale).render(frames))
        }
    }
}
