import Foundation
import Render

extension Explorer {
    /// The sample pane: the current point's index, label and reconstruction error, then its input and its
    /// reconstruction side by side.
    func drawSamplePane(_ buffer: inout CellBuffer, _ images: inout [PlacedImage], _ state: AppState, _ layout: Layout,
                        _ theme: Theme) {
        let area = layout.sample
        guard area.height >= 3, let i = state.current else {
            buffer.write("no point under the cursor", x: area.x, y: area.y, style: theme.dim, clippedTo: area)
            return
        }
        var header = "#\(i)  \(context.className(context.classes[i]))"
        if state.selection == i { header += "  (pinned)" }
        buffer.write(header, x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        if let errors = context.encoding.reconstructionError, let p = context.reconstructionPercentiles {
            buffer.write(String(format: "recon error %.4f · percentile %.1f", errors[i], p[i]), x: area.x, y: area.y + 1,
                         style: theme.plain, clippedTo: area)
        }
        let panels: [(String, [Float]?)] = [("input", context.inputValues(i)),
                                            ("reconstruction", context.decodedValues(context.encoding.code(i)))]
        drawImages(&buffer, &images, panels.filter { $0.1 != nil }.map { ($0.0, $0.1!) }, state.display,
                   in: Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3), theme)
    }

    /// Draws labelled images side by side in `area`, each as large as fits.
    func drawImages(_ buffer: inout CellBuffer, _ images: inout [PlacedImage], _ panels: [(String, [Float])],
                    _ display: DisplayOptions, in area: Rect,
                    _ theme: Theme) {
        guard !panels.isEmpty, area.height >= 2, area.width >= 4 else {
            if panels.isEmpty {
                buffer.write("no images (the bundle has no data or decoder)", x: area.x, y: area.y, style: theme.dim, clippedTo: area)
            }
            return
        }
        let gap = 2
        let columnWidth = (area.width - gap * (panels.count - 1)) / panels.count
        for (k, panel) in panels.enumerated() {
            let x = area.x + k * (columnWidth + gap)
            buffer.write(panel.0, x: x, y: area.y, style: theme.dim, clippedTo: Rect(x: x, y: area.y, width: columnWidth, height: 1))
            let slot = Rect(x: x, y: area.y + 1, width: columnWidth, height: area.height - 1)
            placeSample(panel.1, in: slot, display, &buffer, &images)
        }
    }

    /// Draws a sample into `slot`: an image as large as fits (see `place`), or for vector samples a line chart
    /// filling the slot, over the bundle's sample range. Returns the rows used (0 if nothing was drawn).
    @discardableResult
    func placeSample(_ values: [Float], in slot: Rect, _ display: DisplayOptions, _ buffer: inout CellBuffer,
                     _ images: inout [PlacedImage]) -> Int {
        if let image = sampleImage(values) { return place(image, in: slot, display, &buffer, &images) }
        guard let sample = context.sample, sample.type == .vector, slot.width > 0, slot.height > 0 else { return 0 }
        let chart = LineChart(values: values, range: sample.range)
        buffer.draw(chart.render(kind: display.canvas, columns: slot.width, rows: slot.height),
                    at: Position(x: slot.x, y: slot.y), clippedTo: slot)
        return slot.height
    }

    /// Encodes an image into `slot` (as large as fits, keeping its aspect) as cells or a sixel or kitty placement.
    /// Returns the rows used.
    @discardableResult
    func place(_ image: Image, in slot: Rect, _ display: DisplayOptions, _ buffer: inout CellBuffer,
               _ images: inout [PlacedImage]) -> Int {
        let encoder = display.imageEncoder()
        let cellSize = display.cellSize
        let grid = encoder.fittedGrid(for: image, maxColumns: slot.width, maxRows: slot.height, cellSize: cellSize)
        guard grid.columns > 0, grid.rows > 0 else { return 0 }
        switch encoder.encode(image, columns: grid.columns, rows: grid.rows, cellSize: cellSize) {
        case .cells(let cells):
            buffer.draw(cells, at: Position(x: slot.x, y: slot.y), clippedTo: slot)
        case .sixel(let bytes, _):
            let area = Rect(x: slot.x, y: slot.y, width: grid.columns, height: grid.rows)
            buffer.fill(area, style: .plain)
            images.append(PlacedImage(area: area, bytes: bytes))
        case .kitty(let image):
            let area = Rect(x: slot.x, y: slot.y, width: grid.columns, height: grid.rows)
            buffer.fill(area, style: .plain)
            let id = PlacedImage.kittyID(for: area)
            images.append(PlacedImage(area: area, bytes: image.transmit(id: id), layer: .kitty(id: id)))
        }
        return grid.rows
    }

    /// A sample's values as an image (nil for vector samples, drawn as charts by `placeSample`).
    func sampleImage(_ values: [Float]) -> Image? {
        guard let sample = context.sample, sample.type == .image, sample.shape.count == 3 else { return nil }
        let lo = sample.range.lowerBound, span = sample.range.upperBound - sample.range.lowerBound
        let unit = span == 1 && lo == 0 ? values : values.map { ($0 - lo) / span }
        return try? Image(planar: unit, channels: sample.shape[0], height: sample.shape[1], width: sample.shape[2])
    }
}
