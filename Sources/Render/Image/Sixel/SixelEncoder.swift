import Dispatch

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
    func bytes(registers: [(UInt8, UInt8, UInt8)], indices: [UInt8], width: Int, height: Int,
               parts: Int? = nil) -> [UInt8] {
        let out = ByteSink(capacity: 64 + registers.count * 16 + width * height / 4)
        out.append(0x1B)
        out.append(UInt8(ascii: "P"))
        out.appendDecimal(options.aspectCode)
        out.append(UInt8(ascii: ";"))
        out.appendDecimal(options.background.rawValue)
        for b in "q\"1;1;".utf8 { out.append(b) }
        out.appendDecimal(width)
        out.append(UInt8(ascii: ";"))
        out.appendDecimal(height)
        // The body is written first to count how often each register gets selected; the busiest get the
        // shortest numbers, written in place of the provisional ones when the body is copied out.
        let parts = parts ?? Self.bodyParts(width: width, height: height)
        let bodies = Self.writeBody(indices, width: width, height: height, colorCount: registers.count, parts: parts)
        var selections = [Int](repeating: 0, count: registers.count)
        for part in bodies { for site in part.selectionSites { selections[site.register] += 1 } }
        let order = registers.indices.sorted {
            selections[$0] > selections[$1] || (selections[$0] == selections[$1] && $0 < $1)
        }
        var number = [Int](repeating: 0, count: registers.count)
        for (k, old) in order.enumerated() { number[old] = k }
        for (k, old) in order.enumerated() { appendRegister(k, registers[old], into: out) }
        for part in bodies {
            var copied = 0
            for site in part.selectionSites {
                out.append(part.body.base + copied, length: site.offset - copied)
                out.appendDecimal(number[site.register])
                copied = site.offset + Self.decimalLength(site.register)
            }
            out.append(part.body.base + copied, length: part.body.count - copied)
        }
        out.append(0x1B)
        out.append(UInt8(ascii: "\\"))
        return out.bytes
    }

    /// Images of at least this many pixels have their bands written in two halves at once, on two threads. A
    /// noisy 270×280 sample (a slider step's) takes about 7 ms on one; a Fashion-MNIST-like 224×224 image 0.5 ms.
    static let parallelPixels = 32_768

    /// How many parts the bands are written in: 2 for images of `parallelPixels` or more (fixed by the size, so
    /// the bytes never depend on the machine), else 1.
    static func bodyParts(width: Int, height: Int) -> Int {
        width * height >= parallelPixels && (height + 5) / 6 >= 2 ? 2 : 1
    }

    /// One part of a body: its bytes and where it selects which register.
    struct BodyPart {
        var body: ByteSink
        var selectionSites: [(offset: Int, register: Int)]
    }

    /// The body in `parts` consecutive runs of bands, written concurrently. Each part after the first starts with
    /// no register selected, so it may select one the previous part ended with: a few bytes, against half the
    /// time.
    static func writeBody(_ indices: [UInt8], width: Int, height: Int, colorCount: Int, parts: Int) -> [BodyPart] {
        let bandCount = (height + 5) / 6
        var results = [BodyPart?](repeating: nil, count: parts)
        indices.withUnsafeBufferPointer { pixels in
            results.withUnsafeMutableBufferPointer { slots in
                // Each part reads the pixels and writes only its own slot.
                nonisolated(unsafe) let slots = slots
                nonisolated(unsafe) let pixels = pixels
                let work: @Sendable (Int) -> Void = { part in
                    let bands = (bandCount * part / parts)..<(bandCount * (part + 1) / parts)
                    var writer = SixelBodyWriter(width: width, height: height, colorCount: colorCount)
                    let body = ByteSink(capacity: width * 6 * bands.count / 4)
                    writer.write(pixels, bands: bands, into: body)
                    slots[part] = BodyPart(body: body, selectionSites: writer.selectionSites)
                }
                if parts == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: work) }
            }
        }
        return results.compactMap { $0 }
    }

    /// How many decimal digits `value` ≥ 0 has.
    static func decimalLength(_ value: Int) -> Int {
        var digits = 1
        var v = value
        while v >= 10 { v /= 10; digits += 1 }
        return digits
    }

    /// `#n;2;r;g;b` (percent RGB), or `#n;1;0;L;0` for a grey with `hlsGreys` (HLS, hue and saturation 0).
    func appendRegister(_ number: Int, _ c: (UInt8, UInt8, UInt8), into out: ByteSink) {
        out.append(UInt8(ascii: "#"))
        out.appendDecimal(number)
        if options.hlsGreys && c.0 == c.1 && c.1 == c.2 {
            for b in ";1;0;".utf8 { out.append(b) }
            out.appendDecimal(Int(c.0))
            for b in ";0".utf8 { out.append(b) }
        } else {
            for b in ";2;".utf8 { out.append(b) }
            out.appendDecimal(Int(c.0))
            out.append(UInt8(ascii: ";"))
            out.appendDecimal(Int(c.1))
            out.append(UInt8(ascii: ";"))
            out.appendDecimal(Int(c.2))
        }
    }
}
