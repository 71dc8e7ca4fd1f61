import Foundation
import LatentSpace
import Render

/// The outliers list: the score used and the highlighted rank.
public struct OutliersState: Equatable, Sendable {
    public var method: OutlierScores.Method
    /// The highlighted rank (0-based).
    public var row = 0
    public init(method: OutlierScores.Method) { self.method = method }
}

/// `o`: the points ranked by outlier score, the plot shaded by it; stepping moves the cursor to each.
extension Explorer {
    func openOutliers(_ state: inout AppState) {
        let tool = OutliersState(method: context.reconstructionTable != nil ? .recon : .knn)
        state.mode = .outliers(tool)
        followOutlier(tool, &state)
    }

    /// The scores of a method, nil while they are being computed.
    func outlierTable(_ method: OutlierScores.Method, _ state: AppState) -> OutlierTable? {
        guard case .table(let table)? = state.work[.outlierTable(method)] else { return nil }
        return table
    }

    func outliersAction(_ action: Action, _ tool: OutliersState, _ state: inout AppState) -> [Effect] {
        var t = tool
        let n = outlierTable(t.method, state)?.ranking.count ?? 0
        switch action {
        case .stepBack: t.row = max(0, t.row - 1)
        case .stepForward: t.row = min(max(0, n - 1), t.row + 1)
        case .pageUp: t.row = max(0, t.row - 10)
        case .pageDown: t.row = min(max(0, n - 1), t.row + 10)
        case .switchMethod:
            guard context.reconstructionTable != nil else {
                state.status = "no reconstruction errors here (no decoder or data): the kNN score only"
                return []
            }
            t.method = t.method == .recon ? .knn : .recon
            t.row = 0
        case .goToPoint:
            if let table = outlierTable(t.method, state), t.row < table.ranking.count {
                let i = table.ranking[t.row]
                state.mode = .browse
                focus(on: i, &state)
                state.selection = i
                return []
            }
        default: return []
        }
        state.mode = .outliers(t)
        followOutlier(t, &state)
        return []
    }

    /// Puts the cursor on the highlighted outlier (once the scores are there).
    func followOutlier(_ t: OutliersState, _ state: inout AppState) {
        guard let table = outlierTable(t.method, state), t.row < table.ranking.count else { return }
        focus(on: table.ranking[t.row], &state)
    }

    func outliersWork(_ t: OutliersState, _ state: AppState) -> [Work] {
        [.outlierTable(t.method)] + samplePaneWork(state)
    }

    /// The ranked list in the legend's place.
    func drawOutliers(_ t: OutliersState, _ state: AppState, _ layout: Layout, _ theme: Theme, into frame: inout Frame) {
        drawSamplePane(state, in: layout.sample, theme, into: &frame)
        let title = t.method == .recon ? "reconstruction error" : "latent 10-NN distance"
        let switchable = context.reconstructionTable != nil ? " (m: switch)" : ""
        let table = outlierTable(t.method, state)
        OutlierList(title: "by \(title)\(switchable)", table: table, row: t.row, classes: context.classes,
                    className: context.className, anomalyClasses: context.anomalyClasses, theme: theme)
            .render(in: layout.legend, into: &frame)
    }
}

/// The ranked outliers: rank, index, class, score and percentile, the highlighted one reversed; with anomaly
/// classes, a header line of how well the score finds them.
struct OutlierList: Widget {
    let title: String
    let table: OutlierTable?
    let row: Int
    let classes: [Int]
    let className: (Int) -> String
    /// The classes held out as anomalies (empty: no header line).
    var anomalyClasses: [String] = []
    let theme: Theme

    func render(in area: Rect, into frame: inout Frame) {
        frame.buffer.write(title, x: area.x, y: area.y, style: theme.heading, clippedTo: area)
        guard let table else {
            frame.buffer.write("scoring every point…", x: area.x, y: area.y + 1, style: theme.dim, clippedTo: area)
            return
        }
        var top = area.y + 1
        if let header = Self.qualityLine(table.quality, anomalyClasses: anomalyClasses) {
            frame.buffer.write(header, x: area.x, y: top, style: theme.plain, clippedTo: area)
            top += 1
        }
        let list = table.ranking
        let rows = max(1, area.y + area.height - top)
        let first = max(0, min(row - rows / 2, list.count - rows))
        for r in 0..<min(rows, list.count) {
            let k = first + r
            let i = list[k]
            let text = String(format: "%3d #%-5d %@ %.4f p%.1f", k + 1, i,
                              className(classes[i]).padding(toLength: 12, withPad: " ", startingAt: 0),
                              table.scores[i], table.percentiles.isEmpty ? 0 : table.percentiles[i])
            frame.buffer.write(text, x: area.x, y: top + r, style: k == row ? Style(attributes: .reverse) : theme.plain,
                               clippedTo: area)
        }
    }

    /// "ROC AUC 0.87 · AP 0.51 (6)": the score's ranking measured against the anomaly classes, named in brackets;
    /// nil without anomaly classes.
    static func qualityLine(_ quality: RankingQuality?, anomalyClasses: [String]) -> String? {
        guard !anomalyClasses.isEmpty else { return nil }
        let held = "(" + anomalyClasses.joined(separator: ", ") + ")"
        guard let quality else { return "ROC AUC – · AP – \(held)" }
        return String(format: "ROC AUC %.2f · AP %.2f ", quality.rocAUC, quality.averagePrecision) + held
    }
}
