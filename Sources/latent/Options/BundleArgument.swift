import ArgumentParser
import Foundation

/// The bundle folder shipped as the default (relative to the working directory, as `make run` uses it).
let defaultBundlePath = "models/fashion-mnist-vae"

/// Turns a user path into a file URL, expanding `~`.
func fileURL(_ path: String) -> URL {
    URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
}
