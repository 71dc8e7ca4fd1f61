import Foundation
import LatentSpace
import Render

/// The traversal grid's scroll position and column marker.
public struct TraversalState: Equatable, Sendable {
    /// The point traversed around.
    public var origin: Int
    /// The first dimension row shown.
    public var scroll = 0
    /// What the rows move along; nil for the latent's default (principal directions above 64 values).
    public var axes: LatentAxes?
    /// The marked column (an offset of `TraversalState.offsets`), shown large in the sample pane.
    public var column = TraversalState.offsets.count / 2

    /// The offsets in σ of the grid's columns.
    public static let offsets: [Float] = [-3, -2, -1, 0, 1, 2, 3]

    public init(origin: Int) { self.origin = origin }
}

/// `d`: a grid of decoded thumbnails, one row per dimension (most active first), −3σ … +3σ around the point.
extension Explorer {
    func openTraversal(_ state: inout AppState) {
        guard let i = state.current else { state.status = "no point to traverse around"; return }
        guard context.canDecode else { state.status = "traversals need a decoder"; return }
        state.mode = .traversal(TraversalState(origin: i))
    }

    /// Dimensions in traversal order: most active first.
    public var traversalOrder: [Int] { context.stats.byActivity }

    /// What the traversal rows move along.
    public func traversalAxes(_ t: TraversalState) -> LatentAxes { t.axes ?? defaultAxes }

    /// The axes in row order: dimensions most active first, directions and channels in their order.
    public func traversalOrder(_ t: TraversalState) -> [Int] {
        let axes = traversalAxes(t)
        return axes == .dimensions ? traversalOrder : Array(0..<axisCount(axes))
    }

    func traversalAction(_ action: Action, _ tool: TraversalState, _ state: inout AppState) -> [Effect] {
        var t = tool
        switch action {
        case .scrollUp: t.scroll = max(0, t.scroll - 1)
        case .scrollDown: t.scroll = min(traversalOrder(t).count - 1, t.scroll + 1)
        case .axes(let wanted):
            guard let next = toggled(traversalAxes(t), to: wanted) else {
                state.status = wanted == .channels ? "channel rows need a spatial latent (C × …)" : "no principal directions"
                return []
            }
            t.axes = next
            t.scroll = 0
        case .columnLeft: t.column = max(0, t.column - 1)
        case .columnRight: t.column = min(TraversalState.offsets.count - 1, t.column + 1)
        default: break
        }
        state.mode = .traversal(t)
        return []
    }

    /// The grid's geometry for a screen: the rows that fit and each thumbnail's size in cells.
    func traversalGrid(_ state: AppState) -> (rows: Int, cellWidth: Int, cellHeight: Int) {
        let area = layoutFor(state).plotPane
        let cellWidth = max(2, (area.width - TraversalGrid.labelWidth) / TraversalState.offsets.count - 1)
        let cellHeight = max(1, cellWidth * state.display.cellSize.width / max(1, state.display.cellSize.height))
        return (max(1, (area.height - 2) / (cellHeight + 1)), cellWidth, cellHeight)
    }

    /// The codes of one axis's row.
    func traversalCodes(_ t: TraversalState, dimension: Int) -> [Float] {
        traversal(of: context.encoding.code(t.origin), traversalAxes(t), dimension, offsets: TraversalState.offsets)
    }

    /// The visible rows decoded (the first row's marked column is the sample pane's large image).
    func traversalWork(_ t: TraversalState, _ state: AppState) -> [Work] {
        let order = traversalOrder(t)
        let visible = min(traversalGrid(state).rows, order.count - t.scroll)
        guard visible > 0 else { return [] }
        return (0..<visible).map { .decode(codes: traversalCodes(t, dimension: order[t.scroll + $0]), count: TraversalState.offsets.count) }
    }

    func drawTraversal(_ t: TraversalState, _ state: AppState, _ layout: Layout, _ theme: Theme, into frame: inout Frame) {
        let order = traversalOrder(t)
        let axes = traversalAxes(t)
        let geometry = traversalGrid(state)
        let visible = max(0, min(geometry.rows, order.count - t.scroll))
        let per = TraversalState.offsets.count
        let rows: [TraversalGrid.Row] = (0..<visible).map { r in
            let dim = order[t.scroll + r]
            var label = "\(axisLabel(axes, dim)) σ \(String(format: "%.2f", axisSigma(axes, dim)))"
            if axes == .dimensions, let kl = context.stats.kl { label += String(format: " KL %.2f", kl[dim]) }
            return TraversalGrid.Row(label: label, samples: decoded(traversalCodes(t, dimension: dim), count: per, state))
        }
        let what = axes == .dimensions ? "dimensions, most active first" : axes == .principal ? "principal directions" : "channels"
        TraversalGrid(title: "traversal around #\(t.origin) \(context.className(context.classes[t.origin])) · rows: \(what)",
                      rows: rows, column: t.column, cellWidth: geometry.cellWidth, cellHeight: geometry.cellHeight,
                      images: sampleImages(state), theme: theme)
            .render(in: layout.plotPane, into: &frame)

        // The marked cell of the first row, large, beside the point's own input.
        let area = Rect(x: layout.sample.x, y: layout.sample.y, width: layout.sample.width,
                        height: layout.sample.height + layout.legend.height)
        guard let first = rows.first, let dim = order.indices.contains(t.scroll) ? order[t.scroll] : nil else { return }
        let offset = TraversalState.offsets[t.column]
        frame.buffer.write("z\(dim + 1) at \(offset == 0 ? "0" : String(format: "%+.0fσ", offset))", x: area.x, y: area.y,
                           style: theme.heading, clippedTo: area)
        var panels: [(label: String, content: SamplePanels.Content)] = []
        if let input = context.inputValues(t.origin) { panels.append(("input #\(t.origin)", .values(input))) }
        if let samples = first.samples {
            let size = samples.count / per
            panels.append(("traversed", .values(Array(samples[(t.column * size)..<((t.column + 1) * size)]))))
        } else {
            panels.append(("traversed", .pending))
        }
        SamplePanels(panels: panels, images: sampleImages(state), theme: theme)
            .render(in: Rect(x: area.x, y: area.y + 2, width: area.width, height: min(area.height - 2, layout.sample.height)),
                    into: &frame)
    }
}

/// The traversal grid: a header of offsets with the marked column, then a label and thumbnails per row.
struct TraversalGrid: Widget {
    struct Row {
        var label: String
        /// The row's decoded samples, one after another (nil while decoding).
        var samples: [Float]?
    }

    static let labelWidth = 18
    let title: String
    let rows: [Row]
    let column: Int
    let cellWidth: Int
    let cellHeight: Int
    let images: SampleImages
    let theme: Theme

    func render(in area: Rect, into frame: inout Frame) {
        let offsets = TraversalState.offsets
        frame.buffer.write(title, x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        for (k, o) in offsets.enumerated() {
            let text = o == 0 ? "0" : String(format: "%+.0fσ", o)
            frame.buffer.write(k == column ? "▸" + text : text, x: area.x + Self.labelWidth + k * (cellWidth + 1) - (k == column ? 1 : 0),
                               y: area.y + 1, style: k == column ? theme.heading : theme.dim, clippedTo: area)
        }
        for (r, row) in rows.enumerated() {
            let y = area.y + 2 + r * (cellHeight + 1)
            frame.buffer.write(row.label, x: area.x, y: y, style: theme.plain,
                               clippedTo: Rect(x: area.x, y: y, width: Self.labelWidth - 1, height: 1))
            guard let samples = row.samples else {
                frame.buffer.write("decoding…", x: area.x + Self.labelWidth, y: y, style: theme.dim, clippedTo: area)
                continue
            }
            let per = samples.count / offsets.count
            guard per > 0 else { continue }
            for k in offsets.indices {
                images.place(Array(samples[(k * per)..<((k + 1) * per)]),
                             in: Rect(x: area.x + Self.labelWidth + k * (cellWidth + 1), y: y, width: cellWidth,
                                      height: cellHeight).intersection(area),
                             into: &frame)
            }
        }
    }
}
