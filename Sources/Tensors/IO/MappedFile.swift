import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A whole file's bytes, mapped read-only into memory when it is a regular file.
///
/// A mapped file's pages are the page cache's own: reading a 220 MB matrix this way costs neither a copy nor 220 MB
/// of freshly zeroed memory, which reading it into an array costs (Foundation's `Data(contentsOf:)` reads, and the
/// zeroing alone took a sixth of a 70,000×784 PCA). Other files (pipes, devices) are read into memory.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes, valid while this object lives.
    public let bytes: UnsafeRawBufferPointer
    /// Whether `bytes` is a mapping to unmap (otherwise an allocation to free, or empty).
    private let mapped: Bool

    /// Maps (or reads) the file at `url`.
    ///
    /// - Throws: `TensorIOError` naming the file when it does not exist, is a folder or cannot be read.
    public init(_ url: URL) throws(TensorIOError) {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))"
            throw TensorIOError(file: path, reason: reason)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw TensorIOError(file: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw TensorIOError(file: path, reason: "is a directory, expected a file") }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG && size > 0,
           let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != UnsafeMutableRawPointer(bitPattern: -1) {
            // The matrix is read front to back (more than once): ask for read-ahead of the whole range.
            _ = madvise(base, size, MADV_WILLNEED)
            bytes = UnsafeRawBufferPointer(start: base, count: size)
            mapped = true
            return
        }
        let data = try readFile(url)
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 64)
        data.withUnsafeBytes { copy.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(copy)
        mapped = false
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            bytes.deallocate()
        }
    }
}
