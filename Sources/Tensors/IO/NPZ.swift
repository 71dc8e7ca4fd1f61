import Foundation
import ZIPFoundation

/// Reading and writing numpy's `.npz` archives (a zip of `.npy` members, stored or deflated).
public enum NPZ {
    /// Reads every array of an `.npz` file, keyed by name (without the `.npy` suffix).
    public static func read(_ url: URL) throws(TensorIOError) -> [String: Tensor] {
        let archive = try open(url)
        var arrays: [String: Tensor] = [:]
        for entry in archive where entry.type == .file {
            let name = memberName(entry.path)
            arrays[name] = try extract(entry, from: archive, file: url.path)
        }
        return arrays
    }

    /// Reads one named array of an `.npz` file.
    public static func read(_ url: URL, array name: String) throws(TensorIOError) -> Tensor {
        let archive = try open(url)
        var names: [String] = []
        for entry in archive where entry.type == .file {
            let member = memberName(entry.path)
            if member == name { return try extract(entry, from: archive, file: url.path) }
            names.append(member)
        }
        let available = names.isEmpty ? "it holds no arrays" : "it holds: " + names.sorted().joined(separator: ", ")
        throw TensorIOError(file: url.path, reason: "no array named '\(name)' (\(available))")
    }

    /// The names of the arrays in an `.npz` file.
    public static func names(_ url: URL) throws(TensorIOError) -> [String] {
        let archive = try open(url)
        return archive.filter { $0.type == .file }.map { memberName($0.path) }.sorted()
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

    private static func open(_ url: URL) throws(TensorIOError) -> Archive {
        let data = try readFile(url)
        guard !data.isEmpty else { throw TensorIOError(file: url.path, reason: "empty file, expected a numpy .npz archive") }
        guard data.starts(with: [0x50, 0x4B]) else {
            throw TensorIOError(file: url.path, reason: "not a numpy .npz archive (not a zip file)")
        }
        do {
            return try Archive(data: data, accessMode: .read)
        } catch {
            throw TensorIOError(file: url.path, reason: "corrupt zip archive (\(error))")
        }
    }

    private static func memberName(_ path: String) -> String {
        path.hasSuffix(".npy") ? String(path.dropLast(4)) : path
    }

    private static func extract(_ entry: Entry, from archive: Archive, file: String) throws(TensorIOError) -> Tensor {
        let member = "\(file):\(memberName(entry.path))"
        guard entry.uncompressedSize < Int64(Int.max / 2) else {
            throw TensorIOError(file: member, reason: "member is too large (\(entry.uncompressedSize) bytes)")
        }
        var bytes = Data()
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 30)))
        do {
            let checksum = try archive.extract(entry, skipCRC32: false) { chunk in bytes.append(chunk) }
            guard checksum == entry.checksum else {
                throw TensorIOError(file: member, reason: "corrupt zip member (checksum mismatch)")
            }
        } catch let error as TensorIOError {
            throw error
        } catch {
            throw TensorIOError(file: member, reason: "corrupt zip member (\(error))")
        }
        return try NPY.decode(bytes, file: member)
    }
}
