// MARK: - SixelOptions

/// The choices a sixel image's header and palette make.
public struct SixelOptions: Equatable, Sendable {
    /// What the terminal does with pixels no sixel paints (DCS parameter P2). Every pixel of our images is
    /// painted, so this only matters for the area between the image and its raster size.
    public enum Background: Int, Sendable {
        /// P2 = 0: unpainted pixels take the background colour.
        case fill = 0
        /// P2 = 1: unpainted pixels stay as they are.
        case transparent = 1
    }

    /// DCS parameter P1, the pixel aspect code (0–9). The raster attributes `"1;1;W;H` that follow always set
    /// square pixels on terminals that honour them; P1 only matters to those that do not (0: 2:1, 7–9: 1:1).
    public var aspectCode: Int
    public var background: Background
    /// At most this many colour registers (2–256).
    public var maxColors: Int
    /// How the image is scaled to the requested pixel size.
    public var filter: ScaleFilter
    /// For grey images: how far (of 255) a pixel may be shown from its 8-bit value (at least 1, since sixel
    /// registers are percentages). Larger values mean fewer registers and smaller output. The default, 6,
    /// keeps the mean error near 1 on real images (an image redrawn on every key press over SSH should be
    /// small); 2 shows every grey as closely as the registers' rounding allows with merged neighbours.
    public var greyTolerance: Int
    /// Define grey registers in the HLS colour space (`#n;1;0;L;0`), two bytes shorter than RGB. Every DEC-
    /// compatible decoder reads HLS (the VT340's own colour space); turn it off for one that does not.
    public var hlsGreys: Bool

    public init(aspectCode: Int = 0, background: Background = .transparent, maxColors: Int = 256,
                filter: ScaleFilter = .nearest, greyTolerance: Int = 6, hlsGreys: Bool = true) {
        self.hlsGreys = hlsGreys
        self.aspectCode = min(9, max(0, aspectCode))
        self.background = background
        self.maxColors = min(256, max(2, maxColors))
        self.filter = filter
        self.greyTolerance = min(255, max(1, greyTolerance))
    }
}

// MARK: - SixelEncoder

/// Encodes an image as a DEC sixel string: DCS header, raster attributes, colour registers, six-row bands.
///
/// Colours: see `SixelQuantizer` (grey within `options.greyTolerance` of 255, RGB within
/// `SixelEncoder.rgbErrorBound`); all registers are defined after the header, numbered by how often the body
/// selects them. The image is
/// scaled to the requested pixel size first (for `.nearest`, the registers are chosen on the source pixels
/// and copied, which gives the same result faster).
public struct SixelEncoder: ImageEncoder {
    public var options: SixelOptions

    /// The largest difference, per channel of 255, between an RGB pixel's 8-bit value and what the terminal
    /// shows for its register.
    public static let rgbErrorBound = SixelQuantizer.rgbErrorBound
    /// The same bound for grey images with the default options (`SixelOptions.greyTolerance`).
    public static let greyErrorBound = 6

    public init(options: SixelOptions = SixelOptions()) {
        self.options = options
    }

    public func pixelsPerCell(cellSize: PixelSize) -> (x: Int, y: Int) {
        (max(1, cellSize.width), max(1, cellSize.height))
    }

    public func encode(_ image: Image, columns: Int, rows: Int, cellSize: PixelSize) -> EncodedImage {
        let ppc = pixelsPerCell(cellSize: cellSize)
        var size = PixelSize(width: max(1, columns) * ppc.x, height: max(1, rows) * ppc.y)
        if options.filter == .nearest { size.height = Self.bandAlignedHeight(source: image.height, fitting: size.height) }
        return .sixel(encode(image, width: size.width, height: size.height), size: size)
    }

    /// The height to scale a `source`-row image to, at most `height`: for nearest-neighbour enlargements of six
    /// times or more, whole six-row sixel bands (at most 5 pixels short), which `scaleNearest` then fills one
    /// source row per band. A band of a 28-row sample at 180 px otherwise straddles two source rows (rows of 6
    /// and 7 px), needing two passes of runs instead of one: this about halves the bytes.
    static func bandAlignedHeight(source: Int, fitting height: Int) -> Int {
        guard source > 0, height >= 6 * source else { return height }
        return 6 * (height / 6)
    }

    /// The sixel bytes of `image` scaled to `width × height` pixels (sizes below 1 become 1).
    public func encode(_ image: Image, width: Int, height: Int) -> [UInt8] {
        let w = max(1, width), h = max(1, height)
        let quantized: SixelQuantizer.Result
        if options.filter == .nearest {
            let source = quantize(image)
            quantized = SixelQuantizer.Result(registers: source.registers,
                                              indices: Self.scaleNearest(source.indices, from: image.size, to: PixelSize(width: w, height: h)))
        } else {
            quantized = quantize(image.resized(width: w, height: h, filter: options.filter))
        }
        return bytes(registers: quantized.registers, indices: quantized.indices, width: w, height: h)
    }

    /// The sixel bytes of `image` at its own size.
    public func encode(_ image: Image) -> [UInt8] {
        encode(image, width: image.width, height: image.height)
    }

    // MARK: - Steps

    func quantize(_ image: Image) -> SixelQuantizer.Result {
        image.pixels.withUnsafeBufferPointer { px in
            image.isGrey ? SixelQuantizer.grey(px, tolerance: options.greyTolerance, maxColors: options.maxColors)
                         : SixelQuantizer.rgb(px, maxColors: options.maxColors)
        }
    }

    static func scaleNearest(_ indices: [UInt8], from: PixelSize, to: PixelSize) -> [UInt8] {
        if from == to { return indices }
        let xs = Image.nearestIndices(from: from.width, to: to.width)
        var out = [UInt8](repeating: 0, count: to.width * to.height)
        indices.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var previousSource = -1
                // Enlarged six times or more to whole bands: each band takes one source row (`bandAlignedHeight`).
                let bands = to.height % 6 == 0 && to.height >= 6 * from.height ? to.height / 6 : 0
                for y in 0..<to.height {
                    let sy = bands > 0 ? Image.nearestIndex(y / 6, from: from.height, to: bands)
                                       : Image.nearestIndex(y, from: from.height, to: to.height)
                    let drow = y * to.width
                    if sy == previousSource {
                        // Same source row as the row above: copy it.
                        for x in 0..<to.width { dst[drow + x] = dst[drow - to.width + x] }
                        continue
                    }
                    previousSource = sy
                    let srow = sy * from.width
                    for x in 0..<to.width { dst[drow + x] = src[srow + xs[x]] }
                }
            }
        }
        return out
    }

    /// Header, registers, body and terminator.
    func bytes(registers: [(UInt8, UInt8, UInt8)], indices: [UInt8], width: Int, height: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + registers.count * 16 + width * height / 8)
        out.append(contentsOf: [0x1B, UInt8(ascii: "P")])
        SixelBodyWriter.appendDecimal(options.aspectCode, into: &out)
        out.append(UInt8(ascii: ";"))
        SixelBodyWriter.appendDecimal(options.background.rawValue, into: &out)
        out.append(contentsOf: Array("q\"1;1;".utf8))
        SixelBodyWriter.appendDecimal(width, into: &out)
        out.append(UInt8(ascii: ";"))
        SixelBodyWriter.appendDecimal(height, into: &out)
        // A first pass counts how often each register gets selected; the busiest get the shortest numbers.
        var trial = SixelBodyWriter(width: width, height: height, colorCount: registers.count)
        var body: [UInt8] = []
        body.reserveCapacity(width * height / 8)
        indices.withUnsafeBufferPointer { trial.write($0, into: &body) }
        let order = registers.indices.sorted {
            trial.selections[$0] > trial.selections[$1] || (trial.selections[$0] == trial.selections[$1] && $0 < $1)
        }
        if order != Array(registers.indices) {
            var number = [Int](repeating: 0, count: registers.count)
            for (k, old) in order.enumerated() { number[old] = k }
            body = Self.renumbered(body, number)
        }
        for (k, old) in order.enumerated() { appendRegister(k, registers[old], into: &out) }
        out.append(contentsOf: body)
        out.append(contentsOf: [0x1B, UInt8(ascii: "\\")])
        return out
    }

    /// The body with every colour selection `#n` replaced by `#number[n]` (the rest copied: sixels,
    /// `!count`, `$`, `-`).
    static func renumbered(_ body: [UInt8], _ number: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 16)
        var i = 0
        while i < body.count {
            let b = body[i]
            out.append(b)
            i += 1
            guard b == UInt8(ascii: "#") else { continue }
            var n = 0
            while i < body.count, body[i] >= 48, body[i] <= 57 { n = n * 10 + Int(body[i] - 48); i += 1 }
            SixelBodyWriter.appendDecimal(number[n], into: &out)
        }
        return out
    }

    /// `#n;2;r;g;b` (percent RGB), or `#n;1;0;L;0` for a grey with `hlsGreys` (HLS, hue and saturation 0).
    func appendRegister(_ number: Int, _ c: (UInt8, UInt8, UInt8), into out: inout [UInt8]) {
        out.append(UInt8(ascii: "#"))
        SixelBodyWriter.appendDecimal(number, into: &out)
        if options.hlsGreys && c.0 == c.1 && c.1 == c.2 {
            out.append(contentsOf: [UInt8(ascii: ";"), UInt8(ascii: "1"), UInt8(ascii: ";"), UInt8(ascii: "0"), UInt8(ascii: ";")])
            SixelBodyWriter.appendDecimal(Int(c.0), into: &out)
            out.append(contentsOf: [UInt8(ascii: ";"), UInt8(ascii: "0")])
        } else {
            out.append(contentsOf: [UInt8(ascii: ";"), UInt8(ascii: "2"), UInt8(ascii: ";")])
            SixelBodyWriter.appendDecimal(Int(c.0), into: &out)
            out.append(UInt8(ascii: ";"))
            SixelBodyWriter.appendDecimal(Int(c.1), into: &out)
            out.append(UInt8(ascii: ";"))
            SixelBodyWriter.appendDecimal(Int(c.2), into: &out)
        }
    }
}
