import Foundation
import Tensors

/// Cached results of long work (latents, reconstruction errors, t-SNE coordinates) under
/// `$XDG_CACHE_HOME/latent/` (default `~/.cache/latent/`), keyed by a content hash of the inputs.
///
/// Each entry is one file (`CacheEntry` format) that also stores its own key and a checksum of its arrays; an
/// entry whose key or checksum differs, or that cannot be read, is ignored (and rebuilt by the caller), never
/// trusted. Writes are atomic (a temporary file, then a rename). A cache that cannot be written is not an error:
/// the work is simply not saved, and `store` says why.
public struct AnalysisCache: Sendable {
    /// The cache folder, or nil when caching is off.
    public let directory: URL?

    /// A cache in the standard place, or a disabled one (`--no-cache`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, disabled: Bool = false) {
        guard !disabled else { directory = nil; return }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            directory = URL(fileURLWithPath: xdg).appendingPathComponent("latent")
        } else if let home = environment["HOME"], !home.isEmpty {
            directory = URL(fileURLWithPath: home).appendingPathComponent(".cache/latent")
        } else {
            directory = nil
        }
    }

    /// A cache in a given folder (tests).
    public init(directory: URL?) { self.directory = directory }

    /// The file an entry of `kind` with `key` lives in.
    public func url(kind: String, key: String) -> URL? {
        directory?.appendingPathComponent("\(kind)-\(key).entry")
    }

    /// The arrays stored for `kind` and `key`, or nil when there is no valid entry.
    public func load(kind: String, key: String) -> [String: Tensor]? {
        guard let url = url(kind: kind, key: key), let data = try? Data(contentsOf: url, options: .mappedIfSafe) else {
            return nil
        }
        return CacheEntry.decode(data, key: key)
    }

    /// Stores arrays atomically; returns nil on success or a one-line reason it could not be saved.
    @discardableResult
    public func store(kind: String, key: String, arrays: [String: Tensor]) -> String? {
        guard let directory, let url = url(kind: kind, key: key) else { return "caching is off" }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return "cache folder \(directory.path) cannot be created (\(folderCreationFailure(directory, error)))"
        }
        do {
            try writeFileAtomically(CacheEntry.encode(key: key, arrays: arrays), to: url)
        } catch {
            return "\(error)"
        }
        return nil
    }
}
