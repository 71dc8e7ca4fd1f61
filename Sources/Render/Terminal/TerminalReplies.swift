// MARK: - DeviceAttributes

/// A terminal's answer to Primary Device Attributes (DA1, `ESC [ c`): `ESC [ ? 62 ; 4 ; 6 ; 22 c`.
public struct DeviceAttributes: Equatable, Sendable {
    /// The first parameter: the conformance level or terminal class (1, 6, 62–65, ...).
    public var level: Int
    /// The other parameters: the features (4: sixel graphics, 22: colour text, ...).
    public var attributes: [Int]

    public init(level: Int, attributes: [Int]) {
        self.level = level
        self.attributes = attributes
    }

    public var supportsSixel: Bool { attributes.contains(4) }
}

// MARK: - TerminalReplies

/// Parsers of the terminal's answers to capability queries, for bytes read from the terminal that may also
/// hold key presses, other answers, or a cut-off answer. Each finds the first complete answer and says which
/// bytes it took, so the caller can keep the rest; an incomplete or malformed answer is nil, never a crash.
public enum TerminalReplies {
    /// The DA1 query.
    public static let deviceAttributesQuery = "\u{1B}[c"
    /// The cell-size query (xterm window ops: answer `ESC [ 6 ; height ; width t`).
    public static let cellSizeQuery = "\u{1B}[16t"
    /// The text-area-size query (answer `ESC [ 4 ; height ; width t`, in pixels).
    public static let textAreaSizeQuery = "\u{1B}[14t"
    /// XTSMGRAPHICS: how many sixel colour registers (answer `ESC [ ? 1 ; 0 ; N S`).
    public static let sixelRegistersQuery = "\u{1B}[?1;1;0S"
    /// XTVERSION: the terminal's name and version (answer `ESC P > | NAME(VERSION) ESC \`).
    public static let versionQuery = "\u{1B}[>0q"
    /// The kitty graphics query: a 1×1 image that is not stored (`a=q`); a terminal that speaks the protocol
    /// answers `ESC _ G i=31;OK ESC \`.
    public static let kittyQuery = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\"

    /// The first XTVERSION answer (`ESC P > | text ESC \`, text of printable ASCII, at most 128 bytes) and its
    /// range.
    public static func terminalVersion(in bytes: [UInt8]) -> (value: String, range: Range<Int>)? {
        stringReply(in: bytes, introducer: Array("\u{1B}P>|".utf8)).flatMap { text, range in
            text.isEmpty || text.count > 128 || !text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) ? nil
                : (String(decoding: text, as: UTF8.self), range)
        }
    }

    /// The first answer to the kitty graphics query (image id 31): true for `OK`, false for an error such as
    /// `ENOTSUPPORTED`; and its range.
    public static func kittyGraphics(in bytes: [UInt8]) -> (value: Bool, range: Range<Int>)? {
        var from = 0
        while let (text, range) = stringReply(in: bytes, from: from, introducer: Array("\u{1B}_G".utf8)) {
            let body = String(decoding: text, as: UTF8.self)
            let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0].split(separator: ",").contains("i=31") {
                return (parts[1] == "OK", range)
            }
            from = range.upperBound
        }
        return nil
    }

    /// The text of the first string `introducer … ESC \` at or after `from`, and the string's range.
    static func stringReply(in bytes: [UInt8], from: Int = 0, introducer: [UInt8]) -> ([UInt8], Range<Int>)? {
        var i = from
        while i + introducer.count <= bytes.count {
            if Array(bytes[i..<(i + introducer.count)]) == introducer {
                var j = i + introducer.count
                while j + 1 < bytes.count {
                    if bytes[j] == 0x1B && bytes[j + 1] == UInt8(ascii: "\\") {
                        return (Array(bytes[(i + introducer.count)..<j]), i..<(j + 2))
                    }
                    j += 1
                }
                return nil
            }
            i += 1
        }
        return nil
    }

    /// The first DA1 answer in `bytes` and the range it occupies.
    public static func deviceAttributes(in bytes: [UInt8]) -> (value: DeviceAttributes, range: Range<Int>)? {
        var start = 0
        while let csi = findCSI(in: bytes, from: start) {
            var i = csi.paramsStart
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "?") {
                i += 1
                if let (params, end) = parameters(bytes, from: i), end < bytes.count, bytes[end] == UInt8(ascii: "c"),
                   let first = params.first, let level = first {
                    let attributes = params.dropFirst().compactMap { $0 }
                    return (DeviceAttributes(level: level, attributes: Array(attributes)), csi.start..<(end + 1))
                }
            }
            start = csi.start + 1
        }
        return nil
    }

    /// The first cell-size answer (`ESC [ 6 ; h ; w t`, both positive and below 10,000) and its range.
    public static func cellSize(in bytes: [UInt8]) -> (value: PixelSize, range: Range<Int>)? {
        windowReport(6, in: bytes)
    }

    /// The first text-area-size answer to `CSI 14 t` (`ESC [ 4 ; h ; w t`, in pixels) and its range.
    public static func textAreaSize(in bytes: [UInt8]) -> (value: PixelSize, range: Range<Int>)? {
        windowReport(4, in: bytes)
    }

    /// The first XTSMGRAPHICS answer about sixel colour registers (`ESC [ ? 1 ; 0 ; N S`: item 1, status 0
    /// success) and its range; N is clamped to 2–65,536. A failure status (`ESC [ ? 1 ; 3 S`) is skipped.
    public static func sixelRegisters(in bytes: [UInt8]) -> (value: Int, range: Range<Int>)? {
        var start = 0
        while let csi = findCSI(in: bytes, from: start) {
            var i = csi.paramsStart
            if i < bytes.count, bytes[i] == UInt8(ascii: "?") {
                i += 1
                if let (params, end) = parameters(bytes, from: i), end < bytes.count, bytes[end] == UInt8(ascii: "S"),
                   params.count >= 3, params[0] == 1, params[1] == 0, let n = params[2], n > 0 {
                    return (min(65_536, max(2, n)), csi.start..<(end + 1))
                }
            }
            start = csi.start + 1
        }
        return nil
    }

    /// The first window report `ESC [ code ; h ; w t` (both positive and below 10,000) and its range.
    static func windowReport(_ code: Int, in bytes: [UInt8]) -> (value: PixelSize, range: Range<Int>)? {
        var start = 0
        while let csi = findCSI(in: bytes, from: start) {
            if let (params, end) = parameters(bytes, from: csi.paramsStart), end < bytes.count,
               bytes[end] == UInt8(ascii: "t"), params.count == 3, params[0] == code,
               let h = params[1], let w = params[2], h > 0, w > 0, h < 10_000, w < 10_000 {
                return (PixelSize(width: w, height: h), csi.start..<(end + 1))
            }
            start = csi.start + 1
        }
        return nil
    }

    // MARK: - Scanning

    /// The next control sequence introducer at or after `from`: `ESC [` or the 8-bit CSI byte 0x9B.
    static func findCSI(in bytes: [UInt8], from: Int) -> (start: Int, paramsStart: Int)? {
        var i = from
        while i < bytes.count {
            if bytes[i] == 0x9B { return (i, i + 1) }
            if bytes[i] == 0x1B && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "[") { return (i, i + 2) }
            i += 1
        }
        return nil
    }

    /// Numeric parameters separated by `;` from `from` up to the first other byte (its index returned).
    /// Empty parameters are nil; nil overall if a parameter has more than 6 digits (garbage).
    static func parameters(_ bytes: [UInt8], from: Int) -> ([Int?], Int)? {
        var params: [Int?] = []
        var current: Int?
        var digits = 0
        var i = from
        while i < bytes.count {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                digits += 1
                if digits > 6 { return nil }
                current = (current ?? 0) * 10 + Int(b - 48)
            } else if b == UInt8(ascii: ";") {
                params.append(current)
                current = nil
                digits = 0
            } else {
                break
            }
            i += 1
        }
        params.append(current)
        return (params, i)
    }
}
