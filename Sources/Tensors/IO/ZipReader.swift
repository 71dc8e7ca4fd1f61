import Foundation
import CZlib  // zlib, as ZIPFoundation (our writer of archives) declares and links it

/// Reads the members of a zip archive held in memory, as numpy's `savez` and `savez_compressed` write them:
/// stored or deflated members, zip64 sizes and offsets, no encryption, one disk.
///
/// Every offset and size read from the archive is checked against the bytes present before it is used, and a
/// member's declared size against what its compressed bytes can hold, so a corrupt or hostile archive throws
/// a `TensorIOError` instead of trapping, looping or allocating more than the file can justify. (ZIPFoundation,
/// which writes our archives, traps on offsets past the end of in-memory archives and loops forever on a
/// deflated member cut off at the end of the file, so it does not read them.)
struct ZipReader {
    /// One file of the archive, from its central directory entry.
    struct Member {
        var name: String
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// Deflate cannot expand data by more than about 1032:1; a member declaring more is corrupt.
    static let maxDeflateRatio = 1032

    let bytes: [UInt8]
    let file: String
    let members: [Member]

    /// Parses the archive's directory; `file` names the archive in errors.
    init(_ data: Data, file: String) throws(TensorIOError) {
        let bytes = [UInt8](data)
        self.bytes = bytes
        self.file = file
        self.members = try Self.directory(bytes, file: file)
    }

    // MARK: - Directory

    private static func directory(_ b: [UInt8], file: String) throws(TensorIOError) -> [Member] {
        func fail(_ why: String) -> TensorIOError { TensorIOError(file: file, reason: "corrupt zip archive (\(why))") }
        // The end of central directory record: the last signature within the final 22 + 65,535 bytes.
        guard b.count >= 22 else { throw fail("too short to hold a zip directory") }
        var eocd = -1
        var i = b.count - 22
        while i >= max(0, b.count - 22 - 65_535) {
            if u32(b, i) == 0x0605_4b50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw fail("no end of central directory record") }
        var entryCount = Int(u16(b, eocd + 10))
        var directorySize = Int(u32(b, eocd + 12))
        var directoryOffset = Int(u32(b, eocd + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the record points at the zip64 end of central directory record.
            let locator = eocd - 20
            guard locator >= 0, u32(b, locator) == 0x0706_4b50 else { throw fail("no zip64 directory locator") }
            guard let record = Int(exactly: u64(b, locator + 8)), record >= 0, record <= b.count - 56,
                  u32(b, record) == 0x0606_4b50 else { throw fail("zip64 directory record out of place") }
            guard let count = Int(exactly: u64(b, record + 32)), let size = Int(exactly: u64(b, record + 40)),
                  let offset = Int(exactly: u64(b, record + 48)) else { throw fail("zip64 directory sizes out of range") }
            (entryCount, directorySize, directoryOffset) = (count, size, offset)
        }
        guard directoryOffset <= b.count, directorySize <= b.count - directoryOffset else {
            throw fail("central directory (\(directorySize) bytes at \(directoryOffset)) lies outside the \(b.count)-byte file")
        }
        // Each entry takes at least 46 bytes, which bounds the count before anything is allocated.
        guard entryCount <= directorySize / 46 else {
            throw fail("\(entryCount) entries cannot fit in a \(directorySize)-byte central directory")
        }
        var members: [Member] = []
        members.reserveCapacity(entryCount)
        var p = directoryOffset
        let end = directoryOffset + directorySize
        for index in 0..<entryCount {
            guard p + 46 <= end, u32(b, p) == 0x0201_4b50 else { throw fail("entry \(index) of the central directory is damaged") }
            let flags = u16(b, p + 8)
            let nameLength = Int(u16(b, p + 28)), extraLength = Int(u16(b, p + 30)), commentLength = Int(u16(b, p + 32))
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= end else { throw fail("entry \(index) runs past the central directory") }
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            guard flags & 1 == 0 else { throw fail("member '\(name)' is encrypted") }
            var member = Member(name: name, method: u16(b, p + 10), crc32: u32(b, p + 16),
                                compressedSize: Int(u32(b, p + 20)), uncompressedSize: Int(u32(b, p + 24)),
                                localHeaderOffset: Int(u32(b, p + 42)))
            try zip64Sizes(b, extra: (p + 46 + nameLength)..<(p + 46 + nameLength + extraLength), into: &member, fail: fail)
            members.append(member)
            p = next
        }
        return members
    }

    /// Replaces the 0xFFFFFFFF placeholders of a member with the values of its zip64 extra field.
    private static func zip64Sizes(_ b: [UInt8], extra: Range<Int>, into m: inout Member,
                                   fail: (String) -> TensorIOError) throws(TensorIOError) {
        let needs = (m.uncompressedSize == 0xFFFF_FFFF, m.compressedSize == 0xFFFF_FFFF, m.localHeaderOffset == 0xFFFF_FFFF)
        guard needs.0 || needs.1 || needs.2 else { return }
        var q = extra.lowerBound
        while q + 4 <= extra.upperBound {
            let id = u16(b, q), size = Int(u16(b, q + 2))
            let body = (q + 4)..<min(q + 4 + size, extra.upperBound)
            if id == 0x0001 {
                var r = body.lowerBound
                func next() throws(TensorIOError) -> Int {
                    guard r + 8 <= body.upperBound, let v = Int(exactly: u64(b, r)) else {
                        throw fail("member '\(m.name)' has a damaged zip64 field")
                    }
                    r += 8
                    return v
                }
                if needs.0 { m.uncompressedSize = try next() }
                if needs.1 { m.compressedSize = try next() }
                if needs.2 { m.localHeaderOffset = try next() }
                return
            }
            q = q + 4 + size
        }
        throw fail("member '\(m.name)' has no zip64 field for its sizes")
    }

    // MARK: - Members

    /// The uncompressed bytes of a member, checked against its CRC-32.
    func extract(_ m: Member) throws(TensorIOError) -> Data {
        let member = "\(file):\(m.name)"
        func fail(_ why: String) -> TensorIOError { TensorIOError(file: member, reason: "corrupt zip member (\(why))") }
        let b = bytes
        let h = m.localHeaderOffset
        guard h <= b.count - 30, Self.u32(b, h) == 0x0403_4b50 else { throw fail("no local header at offset \(h)") }
        let start = h + 30 + Int(Self.u16(b, h + 26)) + Int(Self.u16(b, h + 28))
        guard start <= b.count, m.compressedSize <= b.count - start else {
            throw fail("its \(m.compressedSize) bytes at offset \(start) run past the end of the \(b.count)-byte file")
        }
        let out: [UInt8]
        switch m.method {
        case 0:
            guard m.compressedSize == m.uncompressedSize else {
                throw fail("stored member sizes differ (\(m.compressedSize) and \(m.uncompressedSize) bytes)")
            }
            out = Array(b[start..<(start + m.compressedSize)])
        case 8:
            let (limit, overflow) = m.compressedSize.multipliedReportingOverflow(by: Self.maxDeflateRatio)
            guard !overflow, m.uncompressedSize <= limit + 64 else {
                throw fail("declares \(m.uncompressedSize) bytes, more than \(m.compressedSize) deflated bytes can hold")
            }
            out = try inflate(b, start..<(start + m.compressedSize), count: m.uncompressedSize, fail: fail)
        default:
            throw TensorIOError(file: member, reason: "unsupported zip compression method \(m.method) (numpy writes stored or deflated members)")
        }
        let crc = out.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == m.crc32 else { throw fail("checksum mismatch") }
        return Data(out)
    }

    /// Inflates raw deflate data that must produce exactly `count` bytes.
    private func inflate(_ b: [UInt8], _ range: Range<Int>, count: Int,
                         fail: (String) -> TensorIOError) throws(TensorIOError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count + 1)  // one spare byte shows a stream longer than declared
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("cannot start inflating")
        }
        defer { inflateEnd(&stream) }
        // Fed in pieces of at most 1 GiB: zlib counts in 32 bits. Each round makes progress or ends the loop.
        var status = Z_OK
        var consumed = 0, produced = 0
        b.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                while status == Z_OK {
                    let inPiece = min(range.count - consumed, 1 << 30), outPiece = min(output.count - produced, 1 << 30)
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + range.lowerBound + consumed)
                    stream.avail_in = uInt(inPiece)
                    stream.next_out = output.baseAddress! + produced
                    stream.avail_out = uInt(outPiece)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let took = inPiece - Int(stream.avail_in), gave = outPiece - Int(stream.avail_out)
                    consumed += took
                    produced += gave
                    if took == 0 && gave == 0 && status == Z_OK { status = Z_BUF_ERROR }
                }
            }
        }
        guard status == Z_STREAM_END else {
            throw fail(status == Z_DATA_ERROR ? "invalid deflate data" : "deflate data cut off or longer than declared")
        }
        guard produced == count else { throw fail("inflates to \(produced) bytes, not the declared \(count)") }
        out.removeLast()
        return out
    }

    // MARK: - Little-endian fields (callers check the bounds)

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
