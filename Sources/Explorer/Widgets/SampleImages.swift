import LatentSpace
import Render

/// Draws samples into slots of a frame: an image as large as fits (cells, or a sixel or kitty placement), or
/// a line chart for vector samples. The encoded images come from the cache when the pixels were seen before.
struct SampleImages {
    let display: DisplayOptions
    let sample: ModelBundle.Sample?
    let cache: EncodedImageCache

    /// The colours of overlaid series: the first (an input) in the terminal's colour, the next (its
    /// reconstruction) in a colour of its own.
    static let seriesColors: [Color] = [.default, .indexed(208)]

    /// Draws a sample into `slot`; returns the rows used (0 if nothing was drawn).
    @discardableResult
    func place(_ values: [Float], in slot: Rect, into frame: inout Frame) -> Int {
        if let image = image(values) { return place(image, in: slot, into: &frame) }
        return placeChart([values], in: slot, into: &frame)
    }

    /// Whether samples are drawn as line charts (sequences and vectors), where several can share one slot.
    var drawsCharts: Bool { sample.map { $0.type != .image } ?? false }

    /// Draws sequence or vector samples as one line chart in `slot`, overlaid in `seriesColors`; returns the rows
    /// used (0 for images or nothing to draw).
    @discardableResult
    func placeChart(_ samples: [[Float]], in slot: Rect, into frame: inout Frame) -> Int {
        guard slot.width > 0, slot.height > 0,
              let chart = sample?.chart(samples, colors: display.colors == .mono ? [.default] : Self.seriesColors) else { return 0 }
        frame.buffer.draw(chart.render(kind: display.canvas, columns: slot.width, rows: slot.height),
                          at: Position(x: slot.x, y: slot.y), clippedTo: slot)
        return slot.height
    }

    /// Encodes an image into `slot` (as large as fits, keeping its aspect); returns the rows used.
    @discardableResult
    func place(_ image: Image, in slot: Rect, into frame: inout Frame) -> Int {
        let encoder = display.imageEncoder()
        let cellSize = display.cellSize
        let grid = encoder.fittedGrid(for: image, maxColumns: slot.width, maxRows: slot.height, cellSize: cellSize)
        guard grid.columns > 0, grid.rows > 0 else { return 0 }
        let key = EncodedImageCache.Key(image: image, columns: grid.columns, rows: grid.rows, cellSize: cellSize,
                                        encoder: "\(display.images) \(display.colors) \(display.sixelRegisters)")
        let encoded = cache.encoded(key) { encoder.encode(image, columns: grid.columns, rows: grid.rows, cellSize: cellSize) }
        let area = Rect(x: slot.x, y: slot.y, width: grid.columns, height: grid.rows)
        switch encoded {
        case .cells(let cells):
            frame.buffer.draw(cells, at: Position(x: slot.x, y: slot.y), clippedTo: slot)
        case .sixel(let bytes, _):
            frame.buffer.fill(area, style: .plain)
            frame.images.append(PlacedImage(area: area, bytes: bytes))
        case .kitty(let image):
            frame.buffer.fill(area, style: .plain)
            let id = PlacedImage.kittyID(for: area)
            frame.images.append(PlacedImage(area: area, bytes: image.transmit(id: id), layer: .kitty(id: id)))
        }
        return grid.rows
    }

    /// A sample's values as an image (nil for sequences and vectors, drawn as charts).
    func image(_ values: [Float]) -> Image? {
        sample?.image(values)
    }
}

/// Labelled samples side by side, each as large as fits; a sample still being decoded says so.
struct SamplePanels: Widget {
    enum Content {
        case values([Float])
        case pending
    }

    let panels: [(label: String, content: Content)]
    let images: SampleImages
    let theme: Theme
    /// Charts of every panel drawn in one, each in its colour (an input and its reconstruction).
    var overlaid = false

    func render(in area: Rect, into frame: inout Frame) {
        let values = panels.compactMap { if case .values(let v) = $0.content { return v } else { return nil } }
        if overlaid, images.drawsCharts, values.count > 1, area.height >= 2, area.width >= 4 {
            renderOverlaid(values, in: area, into: &frame)
            return
        }
        guard !panels.isEmpty, area.height >= 2, area.width >= 4 else {
            if panels.isEmpty {
                frame.buffer.write("no images (the bundle has no data or decoder)", x: area.x, y: area.y, style: theme.dim,
                                   clippedTo: area)
            }
            return
        }
        let gap = 2
        let columnWidth = (area.width - gap * (panels.count - 1)) / panels.count
        for (k, panel) in panels.enumerated() {
            let x = area.x + k * (columnWidth + gap)
            let column = Rect(x: x, y: area.y, width: columnWidth, height: area.height)
            frame.buffer.write(panel.label, x: x, y: area.y, style: theme.dim, clippedTo: column)
            let slot = Rect(x: x, y: area.y + 1, width: columnWidth, height: area.height - 1)
            switch panel.content {
            case .values(let values): images.place(values, in: slot, into: &frame)
            case .pending: frame.buffer.write("decoding…", x: slot.x, y: slot.y, style: theme.dim, clippedTo: slot)
            }
        }
    }

    /// One chart of every panel's values, the labels above it in the series' colours.
    private func renderOverlaid(_ values: [[Float]], in area: Rect, into frame: inout Frame) {
        var x = area.x
        for (k, panel) in panels.enumerated() {
            let color = SampleImages.seriesColors[k % SampleImages.seriesColors.count]
            let style = theme.mono ? (k == 0 ? theme.plain : theme.heading) : Style(foreground: color)
            let label = (k == 0 ? "" : " · ") + panel.label
            frame.buffer.write(label, x: x, y: area.y, style: style, clippedTo: area)
            x += label.count
        }
        images.placeChart(values, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), into: &frame)
    }
}
