import CZlib

// MARK: - KittyImage

/// An image for the kitty graphics protocol: its pixels (RGB, grey expanded; `f=24`) zlib-compressed (`o=z`) and
/// base64-encoded, and the cells it is shown in. `transmit(id:)` makes the escape sequences, in chunks of at
/// most 4,096 payload bytes (`m=1` on all but the last, the keys on the first only).
///
/// The pixels are sent at the image's own resolution and the terminal scales them to `columns × rows` cells
/// (`c=`, `r=`): a 28×28 sample costs about 2 KB whatever the cell size.
public struct KittyImage: Equatable, Sendable {
    /// The longest base64 payload in one escape sequence (the protocol's limit).
    public static let chunkSize = 4096

    public let width: Int
    public let height: Int
    public let columns: Int
    public let rows: Int
    /// The compressed pixels, base64-encoded.
    public let payload: [UInt8]

    /// - Parameters: the image, and the cells to show it in (at least 1×1).
    public init(_ image: Image, columns: Int, rows: Int) {
        width = image.width
        height = image.height
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        var rgb = [UInt8](repeating: 0, count: image.width * image.height * 3)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let p = image.rgb(x: x, y: y)
                let o = (y * image.width + x) * 3
                rgb[o] = UInt8((p.0 * 255).rounded())
                rgb[o + 1] = UInt8((p.1 * 255).rounded())
                rgb[o + 2] = UInt8((p.2 * 255).rounded())
            }
        }
        payload = Base64.encode(Self.deflate(rgb))
    }

    /// The escape sequences that show the image as image `id`, placement 1, at the cursor: a new image with an id
    /// already shown replaces it (a redraw does not stack images). `q=2`: the terminal sends no replies.
    /// `moveCursor` false (`C=1`) keeps the cursor where it is, as the explorer needs; true moves it below the
    /// image, as a command printing an image needs.
    public func transmit(id: UInt32, moveCursor: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 64 * (payload.count / Self.chunkSize + 1))
        var start = 0
        repeat {
            let end = min(payload.count, start + Self.chunkSize)
            let more = end < payload.count
            out += Array("\u{1B}_G".utf8)
            if start == 0 {
                out += Array("a=T,f=24,o=z,s=\(width),v=\(height),c=\(columns),r=\(rows),i=\(id),p=1,q=2,C=\(moveCursor ? 0 : 1),".utf8)
            }
            out += Array("m=\(more ? 1 : 0);".utf8)
            out += payload[start..<end]
            out += Array("\u{1B}\\".utf8)
            start = end
        } while start < payload.count
        return out
    }

    /// Deletes image `id`'s placements and frees its data (`a=d,d=I`).
    public static func delete(id: UInt32) -> [UInt8] {
        Array("\u{1B}_Ga=d,d=I,i=\(id),q=2\u{1B}\\".utf8)
    }

    /// zlib's compression of `bytes` (RFC 1950 stream, as `o=z` asks).
    static func deflate(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(bytes.count), 6) }
        }
        // compress2 fails only without memory or with a too-small buffer, which compressBound rules out.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Array(out.prefix(Int(size)))
    }
}

// MARK: - Base64

/// Standard base64 (RFC 4648, with padding).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], alphabet[Int(v & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], UInt8(ascii: "=")]
        }
        return out
    }
}
