@testable import Render

/// An independent sixel decoder for tests: parses the DCS string into an RGB image (bytes), following the
/// DEC format (registers in percent RGB or HLS, `!` repeats, `$` carriage return, `-` next band).
struct SixelTestDecoder {
    struct Decoded {
        var width: Int
        var height: Int
        /// Row-major RGB bytes; pixels never painted are nil.
        var pixels: [(UInt8, UInt8, UInt8)?]
        var p1: Int
        var p2: Int
        var registersDefined: Int
    }

    enum Failure: Error, Equatable {
        case notSixel(String)
        case undefinedRegister(Int)
        case outsideRaster(x: Int, y: Int)
    }

    /// Decodes `bytes`; pixels painted outside the raster size are an error.
    static func decode(_ bytes: [UInt8]) throws -> Decoded {
        guard bytes.count >= 4, bytes[0] == 0x1B, bytes[1] == UInt8(ascii: "P"),
              bytes[bytes.count - 2] == 0x1B, bytes[bytes.count - 1] == UInt8(ascii: "\\") else {
            throw Failure.notSixel("missing DCS introducer or string terminator")
        }
        var i = 2
        func number() -> Int? {
            var v: Int?
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { v = (v ?? 0) * 10 + Int(bytes[i] - 48); i += 1 }
            return v
        }
        func numbers() -> [Int] {
            var out: [Int] = []
            repeat {
                if i < bytes.count, bytes[i] == UInt8(ascii: ";") { i += 1 }
                out.append(number() ?? 0)
            } while i < bytes.count && bytes[i] == UInt8(ascii: ";")
            return out
        }
        let header = numbers()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "q") else { throw Failure.notSixel("no q after the DCS parameters") }
        i += 1
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Failure.notSixel("no raster attributes") }
        i += 1
        let raster = numbers()
        guard raster.count == 4, raster[0] == 1, raster[1] == 1 else { throw Failure.notSixel("raster attributes \(raster)") }
        let width = raster[2], height = raster[3]
        var pixels = [(UInt8, UInt8, UInt8)?](repeating: nil, count: width * height)
        var registers: [Int: (UInt8, UInt8, UInt8)] = [:]
        var current = 0
        var x = 0, band = 0
        func paint(_ sixel: UInt8, count: Int) throws {
            let bits = Int(sixel) - 63
            for _ in 0..<count {
                for r in 0..<6 where bits & (1 << r) != 0 {
                    let y = band * 6 + r
                    guard x < width, y < height else { throw Failure.outsideRaster(x: x, y: y) }
                    guard let c = registers[current] else { throw Failure.undefinedRegister(current) }
                    pixels[y * width + x] = c
                }
                x += 1
            }
        }
        while i < bytes.count - 2 {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "#"):
                i += 1
                let p = numbers()
                current = p[0]
                if p.count == 5 {
                    func byte(_ v: Int) -> UInt8 { UInt8((v * 255 + 50) / 100) }
                    if p[1] == 2 {
                        registers[p[0]] = (byte(p[2]), byte(p[3]), byte(p[4]))
                    } else if p[1] == 1, p[4] == 0 {
                        registers[p[0]] = (byte(p[3]), byte(p[3]), byte(p[3]))  // HLS grey: saturation 0
                    } else {
                        throw Failure.notSixel("unsupported colour \(p)")
                    }
                }
            case UInt8(ascii: "!"):
                i += 1
                let n = number() ?? 1
                let s = bytes[i]
                i += 1
                try paint(s, count: n)
            case UInt8(ascii: "$"):
                x = 0
                i += 1
            case UInt8(ascii: "-"):
                x = 0
                band += 1
                i += 1
            case 63...126:
                try paint(b, count: 1)
                i += 1
            default:
                throw Failure.notSixel("unexpected byte \(b) at \(i)")
            }
        }
        return Decoded(width: width, height: height, pixels: pixels, p1: header.first ?? 0,
                       p2: header.count > 1 ? header[1] : 0, registersDefined: registers.count)
    }
}
