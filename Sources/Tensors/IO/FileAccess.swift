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

/// Writes data atomically (a temporary file in the same folder, then a rename).
public func writeFileAtomically(_ data: Data, to url: URL) throws(TensorIOError) {
    do {
        try data.write(to: url, options: .atomic)
    } catch {
        throw TensorIOError(file: url.path, reason: "cannot be written (\(error.localizedDescription))")
    }
}

func writeFile(_ data: Data, to url: URL) throws(TensorIOError) { try writeFileAtomically(data, to: url) }
