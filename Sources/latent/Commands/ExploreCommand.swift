import ArgumentParser
import Explorer
import Foundation
import LatentSpace
import Render
import Tensors
import TerminalUI

/// `latent [explore] [BUNDLE]`: the interactive explorer.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the interactive explorer (the default command).",
        discussion: "Keys (? in the explorer lists those of the mode):\n" + Keymap.commandHelp
    )

    @OptionGroup var model: BundleOptions

    @Option(help: "The projection at start: pca, tsne, umap or raw (2-d latents). Default: raw for 2-d latents, else pca.")
    var projection: StartProjection?

    @Option(help: "How to draw images: ascii, blocks, sixel or kitty. Default: LATENT_IMAGES, else asked of the terminal.")
    var images: ImageFormat?

    @Option(help: ArgumentHelp("Restore a session saved with S (its bundle, unless one is given, view, marks, sliders).",
                               valueName: "FILE"))
    var session: String?

    @Option(help: "Worker threads for t-SNE.")
    var threads: Int = defaultThreadCount

    enum StartProjection: String, ExpressibleByArgument, CaseIterable { case pca, tsne, umap, raw }

    func run() throws {
        try reportingErrors {
            guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
                let reason = isatty(STDIN_FILENO) == 1 ? "standard output is not a terminal"
                    : fcntl(STDIN_FILENO, F_GETFD) == -1 ? "standard input is closed" : "standard input is not a terminal"
                throw ExploreError("the explorer needs a terminal (\(reason)); for scripts use the "
                                   + "headless commands (latent encode, project, outliers, decode, interpolate)")
            }
            do {
                if let note = try TerminalSupport.prepare(term: ProcessInfo.processInfo.environment["TERM"]) {
                    printNote("latent: \(note)")
                }
            } catch let e as TerminalSupportError {
                throw ExploreError(e.description)
            }
            let saved = try session.map { try Session.read(fileURL($0)) }
            var options = model
            if let path = saved?.bundle, options.bundle == nil, !options.isBringYourOwn { options.bundle = path }
            let bundle = try options.load()
            let probe: DisplayProbe.Result
            do { probe = try DisplayProbe.detect(forcedImages: images) } catch let e as DisplayProbeError {
                throw ExploreError(e.description)
            }
            var display = probe.options
            display.terminalSummary = probe.summary
            var bar: ProgressBar?
            var barStage = ""
            let context = try ExplorerLoader.load(bundle: bundle, display: display, cache: options.cache, threads: threads,
                                                  progress: { stage, done, total in
                                                      // One bar per stage (reading images, then encoding).
                                                      if bar == nil || stage != barStage {
                                                          bar?.finish()
                                                          bar = ProgressBar(stage, total: total)
                                                          barStage = stage
                                                      }
                                                      bar?.update(done: done, detail: "\(done)/\(total)")
                                                  },
                                                  note: { printNote("latent: \($0)") })
            bar?.finish()
            let start: ProjectionKind?
            switch projection {
            case .pca: start = .pca(x: 0, y: 1)
            case .tsne: start = .learned(.tsne)
            case .umap: start = .learned(.umap)
            case .raw:
                guard context.latentDim == 2 else {
                    throw ExploreError("--projection raw needs a 2-d latent (this one is \(context.latentDim)-d)")
                }
                start = .raw
            case nil: start = nil
            }
            let status = TerminalApp(explorer: Explorer(context: context), sixelWrapper: probe.imageWrapper)
                .run(projection: start, session: saved)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// A problem with how the explorer was started.
struct ExploreError: UserInputError {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ImageFormat: ExpressibleByArgument {}
