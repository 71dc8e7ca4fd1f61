import Foundation

/// A folder of PNG and JPEG images as people keep them (torchvision's `ImageFolder` convention): either one
/// sub-folder per class, or the images directly in the folder (unlabelled).
///
/// With class sub-folders, the sub-folder names sorted become the class names and labels 0, 1, …; samples come in
/// that class order, files sorted by name within each, so a sample's index stays the same while the files do.
/// Files that are not `.png`, `.jpg` or `.jpeg` are counted and left out; hidden entries (names starting with a
/// dot) are ignored.
public struct ImageFolder: Sendable {
    /// One image file: where it is, its label, and what its content key is made of.
    public struct File: Sendable, Equatable {
        /// The path relative to the folder (`class/name.png` or `name.png`).
        public var path: String
        /// The class index, or nil in a flat folder.
        public var label: Int?
        public var size: Int64
        /// Modification time, seconds since 1970.
        public var modified: TimeInterval
    }

    public let url: URL
    /// The class names (sorted sub-folder names), or nil for a flat folder.
    public let classNames: [String]?
    /// The images in sample order.
    public let files: [File]
    /// Files that are not PNG or JPEG images (left out).
    public let otherFiles: Int

    /// Lists a folder's images.
    ///
    /// - Throws: `BundleError` naming the folder when it cannot be read or holds no image, or the class folder that
    ///   holds none.
    public static func scan(_ url: URL) throws(BundleError) -> ImageFolder {
        let entries = try visibleEntries(url)
        let folders = entries.filter(\.isFolder).map(\.name)
        var files: [File] = []
        var other = 0
        if folders.isEmpty {
            let (images, skipped) = imageFiles(entries, in: url, prefix: "", label: nil)
            files = images
            other = skipped
            if files.isEmpty {
                throw BundleError(file: url.path, "no PNG or JPEG images in this folder (and no class sub-folders)")
            }
        } else {
            other = entries.count - folders.count
            for (label, name) in folders.enumerated() {
                let classURL = url.appendingPathComponent(name)
                let (images, skipped) = imageFiles(try visibleEntries(classURL), in: classURL, prefix: name + "/", label: label)
                if images.isEmpty { throw BundleError(file: classURL.path, "class folder holds no PNG or JPEG images") }
                files += images
                other += skipped
            }
        }
        return ImageFolder(url: url, classNames: folders.isEmpty ? nil : folders, files: files, otherFiles: other)
    }

    /// The class names a folder's sub-folders give (sorted), or nil when it has none or cannot be read; reads only
    /// the folder itself, not the images.
    public static func classNames(in url: URL) -> [String]? {
        guard let entries = try? visibleEntries(url) else { return nil }
        let folders = entries.filter(\.isFolder).map(\.name)
        return folders.isEmpty ? nil : folders
    }

    /// The content key of the listing: every image's path, size and modification time, in order.
    public var fingerprint: String {
        var hash = ContentHash()
        hash.update("image-folder")
        for name in classNames ?? [] { hash.update("class " + name) }
        for f in files { hash.update("\(f.path)\t\(f.size)\t\(f.modified)") }
        return hash.hex
    }

    // MARK: - Listing

    private struct Entry {
        var name: String
        var isFolder: Bool
    }

    /// The entries of a folder not starting with a dot, sorted by name.
    private static func visibleEntries(_ url: URL) throws(BundleError) -> [Entry] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw BundleError(file: url.path, "cannot list the folder (\((error as NSError).localizedDescription))")
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return Entry(name: name, isFolder: isDirectory.boolValue)
        }
    }

    /// The image files among `entries` with their sizes and times, and how many other entries there were.
    private static func imageFiles(_ entries: [Entry], in url: URL, prefix: String, label: Int?) -> ([File], Int) {
        var files: [File] = []
        var other = 0
        for entry in entries {
            guard !entry.isFolder, ImageFileFormat(fileName: entry.name) != nil,
                  let print = FileFingerprint(url.appendingPathComponent(entry.name)) else {
                other += 1
                continue
            }
            files.append(File(path: prefix + entry.name, label: label, size: print.size, modified: print.modified))
        }
        return (files, other)
    }
}
