import Foundation

/// A fast 128-bit content hash for cache keys (not cryptographic: it detects changed files, it does not resist
/// someone crafting collisions).
public struct ContentHash: Sendable {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0

    public init() {}

    /// Mixes in bytes.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { raw in update(raw) }
    }

    /// Mixes in a string (its UTF-8 bytes and a terminator, so "ab"+"c" differs from "a"+"bc").
    public mutating func update(_ text: String) {
        update(Data(text.utf8) + Data([0]))
    }

    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        let words = raw.count / 8
        var i = 0
        while i < words {
            let w = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            mix(w)
            i += 1
        }
        var tail: UInt64 = 0
        for k in stride(from: words * 8, to: raw.count, by: 1) { tail = tail << 8 | UInt64(raw[k]) }
        mix(tail ^ UInt64(raw.count % 8) << 56)
        length &+= UInt64(raw.count)
    }

    private mutating func mix(_ w: UInt64) {
        a = (a ^ w) &* 0x1000_0000_01B3
        a = (a << 29 | a >> 35) &* 0xFF51_AFD7_ED55_8CCD
        b = (b &+ w) &* 0xC4CE_B9FE_1A85_EC53
        b ^= b >> 31
    }

    /// The hash as 32 hex digits.
    public var hex: String {
        var x = a ^ length, y = b &+ length
        x = (x ^ (x >> 33)) &* 0xFF51_AFD7_ED55_8CCD; x ^= x >> 33
        y = (y ^ (y >> 29)) &* 0xC4CE_B9FE_1A85_EC53; y ^= y >> 32
        return String(format: "%016llx%016llx", x, y)
    }

    /// The hash of several files' contents and a parameter string.
    public static func of(files: [URL], parameters: String) throws -> String {
        var h = ContentHash()
        h.update(parameters)
        for url in files {
            let data = try Data(contentsOf: url, options: .mappedIfSafe)
            h.update(url.lastPathComponent)
            h.update(data)
        }
        return h.hex
    }
}
