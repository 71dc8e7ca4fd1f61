import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the file system says about a file without reading it: device, inode, size, and modification and
/// status-change times to the nanosecond.
///
/// Any write to a file changes its modification and status-change times, and replacing it changes its inode; the
/// status-change time cannot be set by programs. So an unchanged fingerprint means unchanged contents, once the
/// file is older than the file system's timestamp granularity (see `isSettled`).
struct FileFingerprint: Sendable, Equatable {
    let path: String
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modified: TimeInterval
    let changed: TimeInterval
    let text: String

    /// The fingerprint of a file, or nil when it cannot be read.
    init?(_ url: URL) {
        var st = stat()
        let path = url.standardizedFileURL.path
        guard stat(path, &st) == 0 else { return nil }
        self.path = path
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        #if canImport(Darwin)
        let (m, c) = (st.st_mtimespec, st.st_ctimespec)
        #else
        let (m, c) = (st.st_mtim, st.st_ctim)
        #endif
        modified = TimeInterval(m.tv_sec) + TimeInterval(m.tv_nsec) / 1e9
        changed = TimeInterval(c.tv_sec) + TimeInterval(c.tv_nsec) / 1e9
        text = "\(path)\t\(device)\t\(inode)\t\(size)\t\(m.tv_sec).\(m.tv_nsec)\t\(c.tv_sec).\(c.tv_nsec)"
    }

    /// Whether the file was last written long enough ago (`margin` seconds) that a later write must show in its
    /// timestamps: file systems stamp times from a coarse clock (milliseconds, or seconds on some), so a second
    /// write right after the first could leave them unchanged.
    func isSettled(now: Date = Date(), margin: TimeInterval = 2) -> Bool {
        now.timeIntervalSince1970 - max(modified, changed) > margin
    }
}
