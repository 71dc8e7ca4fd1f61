import Foundation
import ZIPFoundation

/// Reading and writing numpy's `.npz` archives (a zip of `.npy` members, stored or deflated).
public enum NPZ {
    /// Reads every array of an `.npz` file, keyed by name (without the `.npy` suffix).
    public static func read(_ url: URL) throws(TensorIOError) -> [String: Tensor] {
        let archive = try open(url)
        var arrays: [String: Tensor] = [:]
        for member in archive.members where !member.isDirectory {
            arrays[memberName(member.name)] = try extract(member, from: archive)
        }
        return arrays
    }

    /// Reads one named array of an `.npz` file.
    public static func read(_ url: URL, array name: String) throws(TensorIOError) -> Tensor {
        let archive = try open(url)
        var names: [String] = []
        for member in archive.members where !member.isDirectory {
            if memberName(member.name) == name { return try extract(member, from: archive) }
            names.append(memberName(member.name))
        }
        let available = names.isEmpty ? "it holds no arrays" : "it holds: " + names.sorted().joined(separator: ", ")
        throw TensorIOError(file: url.path, reason: "no array named '\(name)' (\(available))")
    }

    /// The names of the arrays in an `.npz` file.
    public static func names(_ url: URL) throws(TensorIOError) -> [String] {
        try open(url).members.filter { !$0.isDirectory }.map { memberName($0.name) }.sorted()
    }

    /// Writes arrays to an `.npz` file atomically, deflated when `compressed` (as `numpy.savez_compressed`).
    public static func write(_ arrays: [String: Tensor], to url: URL, compressed: Bool = false) throws(TensorIOError) {
        let data: Data
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for name in arrays.keys.sorted() {
                let bytes = NPY.encode(arrays[name]!)
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(bytes.count),
                                     compressionMethod: compressed ? .deflate : .none) { position, size in
                    bytes.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let archived = archive.data else { throw TensorIOError(file: url.path, reason: "could not build the archive") }
            data = archived
        } catch let error as TensorIOError {
            throw error
        } catch {
            throw TensorIOError(file: url.path, reason: "could not build the archive (\(error))")
        }
        try writeFileAtomically(data, to: url)
    }

    // MARK: - Helpers

    private static func open(_ url: URL) throws(TensorIOError) -> ZipReader {
        let data = try readFile(url)
        guard !data.isEmpty else { throw TensorIOError(file: url.path, reason: "empty file, expected a numpy .npz archive") }
        guard data.starts(with: [0x50, 0x4B]) else {
            throw TensorIOError(file: url.path, reason: "not a numpy .npz archive (not a zip file)")
        }
        return try ZipReader(data, file: url.path)
    }

    private static func memberName(_ path: String) -> String {
        path.hasSuffix(".npy") ? String(path.dropLast(4)) : path
    }

    private static func extract(_ member: ZipReader.Member, from archive: ZipReader) throws(TensorIOError) -> Tensor {
        try NPY.decode(archive.extract(member), file: "\(archive.file):\(memberName(member.name))")
    }
}
