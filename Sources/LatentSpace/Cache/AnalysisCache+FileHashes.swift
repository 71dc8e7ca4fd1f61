import Foundation

extension AnalysisCache {
    /// The content hash of `files` (in order), as `ContentHash.of(files:parameters: "")` computes it, remembered in
    /// the cache against the files' fingerprints so that unchanged files are not read again.
    ///
    /// A remembered hash is used only while every file's fingerprint (path, device, inode, size, modification and
    /// status-change times) is exactly the one it was computed from, and is recorded only for files that had
    /// settled (not written in the last seconds); any write to a file changes its fingerprint, so its contents are
    /// hashed afresh.
    public func contentHash(of files: [URL]) throws -> String {
        try contentHash(of: files, now: Date())
    }

    /// `contentHash(of:)` with the clock given (tests).
    func contentHash(of files: [URL], now: Date) throws -> String {
        let prints = files.map(FileFingerprint.init)
        guard let directory, prints.allSatisfy({ $0 != nil }) else { return try ContentHash.of(files: files, parameters: "") }
        var identity = ContentHash()
        for print in prints { identity.update(print!.text) }
        let memo = memoURL(identity.hex)
        if let stored = try? String(contentsOf: memo, encoding: .utf8), Self.isHash(stored) { return stored }

        let digest = try ContentHash.of(files: files, parameters: "")
        // Only files hashed after they settled, and unchanged while they were read, may be remembered.
        if prints.allSatisfy({ $0!.isSettled(now: now) }), files.map(FileFingerprint.init) == prints {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? Data(digest.utf8).write(to: memo, options: .atomic)
        }
        return digest
    }

    /// The file remembering the hash of the files whose fingerprints hash to `identity`.
    func memoURL(_ identity: String) -> URL {
        directory!.appendingPathComponent("files-\(identity).hash")
    }

    private static func isHash(_ s: String) -> Bool {
        s.utf8.count == 32 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
