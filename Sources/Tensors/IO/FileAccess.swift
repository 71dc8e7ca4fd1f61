import Foundation

/// Reads a whole file, turning every failure into a `TensorIOError` naming the file.
func readFile(_ url: URL) throws(TensorIOError) -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
        throw TensorIOError(file: url.path, reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw TensorIOError(file: url.path, reason: "is a directory, expected a file") }
    do {
        return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
        throw TensorIOError(file: url.path, reason: "cannot be read (\(error.localizedDescription))")
    }
}

/// Writes data atomically (a temporary file in the same folder, then a rename), through a symbolic link to its
/// target; a path that is not a regular file (`/dev/null`, `/dev/stdout`, a pipe) is written into as it is, since
/// renaming over it would replace the device with a file.
public func writeFileAtomically(_ data: Data, to url: URL) throws(TensorIOError) {
    let target = url.resolvingSymlinksInPath()
    do {
        let type = (try? FileManager.default.attributesOfItem(atPath: target.path))?[.type] as? FileAttributeType
        if let type, type != .typeRegular, type != .typeDirectory {
            guard let handle = FileHandle(forWritingAtPath: target.path) else { throw CocoaError(.fileWriteNoPermission) }
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            return
        }
        try data.write(to: target, options: .atomic)
    } catch {
        throw TensorIOError(file: url.path, reason: "cannot be written (\(writeFailure(in: url.deletingLastPathComponent(), error)))")
    }
}

/// Checks that a file could be written at `url` (its folder exists and may be written in), so a command can refuse
/// an output path before long work rather than after it.
///
/// - Throws: `TensorIOError` naming the file, with the reason a write would fail.
public func checkWritable(_ url: URL) throws(TensorIOError) {
    let folder = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw TensorIOError(file: url.path, reason: "cannot be written (it is a folder)")
    }
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
          access(folder.path, W_OK | X_OK) == 0 else {
        throw TensorIOError(file: url.path, reason: "cannot be written (\(writeFailure(in: folder, CocoaError(.fileWriteUnknown))))")
    }
}

/// Why `folder` could not be created, in words about its nearest existing ancestor where they explain it (a file
/// in the way, no permission to write).
public func folderCreationFailure(_ folder: URL, _ error: Error) -> String {
    var ancestor = folder.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: ancestor.path) && ancestor.path != "/" {
        ancestor = ancestor.deletingLastPathComponent()
    }
    return writeFailure(in: ancestor, error)
}

/// Why a file could not be written in `folder`, in words about the folder where they explain it: Foundation says
/// "the file doesn't exist" for a folder it may not write in.
func writeFailure(in folder: URL, _ error: Error) -> String {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
        return "the folder \(folder.path) does not exist"
    }
    if !isDirectory.boolValue { return "\(folder.path) is not a folder" }
    if access(folder.path, W_OK | X_OK) != 0 { return "no permission to write in \(folder.path)" }
    return error.localizedDescription
}

func writeFile(_ data: Data, to url: URL) throws(TensorIOError) { try writeFileAtomically(data, to: url) }
