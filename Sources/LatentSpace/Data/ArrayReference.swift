import Foundation

/// A file of arrays and, inside an `.npz`, the array meant: `x.npy`, `data.npz`, or `data.npz:images`.
public struct ArrayReference: Sendable, Equatable {
    public var file: URL
    /// The array's name inside an `.npz`; nil for an `.npy`, or an `.npz` without a name (a default applies).
    public var name: String?

    public init(file: URL, name: String? = nil) {
        self.file = file
        self.name = name
    }

    /// Splits `path` at its last colon when what comes before ends in `.npz` (any case) and a file of that name
    /// exists while `path` itself does not; otherwise the whole path is the file.
    public init(_ path: URL) {
        let text = path.path
        if !FileManager.default.fileExists(atPath: text), let colon = text.lastIndex(of: ":"),
           text[..<colon].lowercased().hasSuffix(".npz"), text.index(after: colon) < text.endIndex,
           FileManager.default.fileExists(atPath: String(text[..<colon])) {
            self.init(file: URL(fileURLWithPath: String(text[..<colon])),
                      name: String(text[text.index(after: colon)...]))
        } else {
            self.init(file: path)
        }
    }

    /// Whether the file is an `.npz` archive (by its name).
    public var isArchive: Bool { file.pathExtension.lowercased() == "npz" }
}
