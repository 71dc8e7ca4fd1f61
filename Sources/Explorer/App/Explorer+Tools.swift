import Foundation
import LatentSpace
import Render

/// The latent-space tools: marks and interpolation, sliders, traversal, outliers and search.
extension Explorer {
    /// Browse-mode keys that open a tool; nil when `key` is not one of them.
    func handleToolOpeningKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        switch key {
        case .character("a"), .character("b"):
            guard let i = state.current else { state.status = "no point to mark"; return [] }
            if key == .character("a") { state.markA = .point(i) } else { state.markB = .point(i) }
            state.status = "\(key == .character("a") ? "A" : "B") = \(context.name(of: .point(i)))"
            refreshInterpolation(&state)
        case .character("A"), .character("B"):
            guard let i = state.current else { state.status = "no point to take the class of"; return [] }
            let mark = Mark.classMean(context.classes[i])
            if key == .character("A") { state.markA = mark } else { state.markB = mark }
            state.status = "\(key == .character("A") ? "A" : "B") = \(context.name(of: mark))"
            refreshInterpolation(&state)
        case .character("i"):
            guard state.markA != nil, state.markB != nil else {
                state.status = "mark two points first: a on one, b on another (A/B: their class means)"
                return []
            }
            guard context.model?.canDecode == true else { state.status = "interpolation needs a decoder"; return [] }
            state.mode = .interpolate
            state.interpolation.frame = 0
            refreshInterpolation(&state)
        case .character("s"):
            guard let i = state.current else { state.status = "no point to edit"; return [] }
            guard context.model?.canDecode == true else { state.status = "sliders need a decoder"; return [] }
            if state.sliders?.origin != i { state.sliders = SliderState(origin: i, code: context.encoding.code(i)) }
            state.mode = .sliders
            refreshGhost(&state)
        case .character("d"):
            guard state.current != nil else { state.status = "no point to traverse around"; return [] }
            guard context.model?.canDecode == true else { state.status = "traversals need a decoder"; return [] }
            state.mode = .traversal
            state.traversalScroll = 0
        case .character("o"):
            state.mode = .outliers
            state.outliers.row = 0
            followOutlier(&state)
        case .character("/"):
            state.mode = .search
            state.search.query = ""
        default:
            return nil
        }
        return []
    }

    /// Keys in the tool modes.
    func handleToolKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        if key == .control("c") { return [.quit] }
        switch state.mode {
        case .interpolate: interpolationKey(key, &state)
        case .sliders: sliderKey(key, &state)
        case .traversal: traversalKey(key, &state)
        case .outliers: outlierKey(key, &state)
        case .search: searchKey(key, &state)
        case .browse, .help: break
        }
        return []
    }

    // MARK: - Interpolation

    /// The codes of the interpolation path (empty without both marks).
    public func interpolationCodes(_ state: AppState) -> [[Float]] {
        guard let a = state.markA.flatMap(context.code(of:)), let b = state.markB.flatMap(context.code(of:)) else { return [] }
        let method: Interpolation = state.interpolation.spherical ? .spherical : .linear
        return method.path(from: a, to: b, steps: state.interpolation.steps)
    }

    func refreshInterpolation(_ state: inout AppState) {
        let codes = interpolationCodes(state)
        state.interpolation.frame = min(state.interpolation.frame, max(0, codes.count - 1))
        state.interpolation.pathCoordinates = context.project(codes.flatMap { $0 }, rows: codes.count,
                                                             projection: state.projection, tsne: state.tsneCoordinates)
    }

    private func interpolationKey(_ key: Key, _ state: inout AppState) {
        switch key {
        case .left, .character("h"): state.interpolation.frame = max(0, state.interpolation.frame - 1)
        case .right: state.interpolation.frame = min(state.interpolation.steps - 1, state.interpolation.frame + 1)
        case .character("["):
            state.interpolation.steps = max(2, state.interpolation.steps - 1)
            refreshInterpolation(&state)
        case .character("]"):
            state.interpolation.steps = min(32, state.interpolation.steps + 1)
            refreshInterpolation(&state)
        case .character("l"):
            state.interpolation.spherical.toggle()
            refreshInterpolation(&state)
        case .escape, .character("i"), .character("q"): state.mode = .browse
        default: break
        }
    }

    // MARK: - Sliders

    /// The dimensions in slider row order.
    public func sliderOrder(_ sliders: SliderState) -> [Int] {
        sliders.byActivity ? context.stats.byActivity : Array(0..<context.latentDim)
    }

    func refreshGhost(_ state: inout AppState) {
        guard let code = state.sliders?.code else { return }
        state.sliders?.ghost = context.project(code, rows: 1, projection: state.projection, tsne: state.tsneCoordinates)
    }

    private func sliderKey(_ key: Key, _ state: inout AppState) {
        guard var s = state.sliders else { state.mode = .browse; return }
        let order = sliderOrder(s)
        let dim = order[min(s.row, order.count - 1)]
        let sigma = max(context.stats.std[dim], 1e-3)
        switch key {
        case .up, .character("k"): s.row = max(0, s.row - 1)
        case .down, .character("j"): s.row = min(order.count - 1, s.row + 1)
        case .left, .character("h"): s.code[dim] -= 0.1 * sigma
        case .right, .character("l"): s.code[dim] += 0.1 * sigma
        case .shiftLeft, .character("H"): s.code[dim] -= sigma
        case .shiftRight, .character("L"): s.code[dim] += sigma
        case .character("r"): s.code = context.encoding.code(s.origin)
        case .character("z"): s.code[dim] = 0
        case .character("a"):
            s.byActivity.toggle()
            s.row = sliderOrder(s).firstIndex(of: dim) ?? 0
        case .escape, .character("s"), .character("q"): state.mode = .browse
        default: break
        }
        let moved = s.code != state.sliders?.code
        state.sliders = s
        // Placing the ghost (in t-SNE, a kNN placement over every code) only when the code changed.
        if moved { refreshGhost(&state) }
    }

    // MARK: - Traversal

    /// Dimensions in traversal order: most active first.
    public var traversalOrder: [Int] { context.stats.byActivity }

    private func traversalKey(_ key: Key, _ state: inout AppState) {
        switch key {
        case .up, .character("k"): state.traversalScroll = max(0, state.traversalScroll - 1)
        case .down, .character("j"): state.traversalScroll = min(context.latentDim - 1, state.traversalScroll + 1)
        case .escape, .character("d"), .character("q"): state.mode = .browse
        default: break
        }
    }

    // MARK: - Outliers

    /// The ranked outliers of the current method (top 50).
    public func outlierList(_ state: AppState) -> [Int] { context.outlierRanking(state.outliers.method, top: 50) }

    private func followOutlier(_ state: inout AppState) {
        let list = outlierList(state)
        guard state.outliers.row < list.count else { return }
        focus(on: list[state.outliers.row], &state)
    }

    private func outlierKey(_ key: Key, _ state: inout AppState) {
        let n = outlierList(state).count
        switch key {
        case .up: state.outliers.row = max(0, state.outliers.row - 1)
        case .down, .character("j"): state.outliers.row = min(max(0, n - 1), state.outliers.row + 1)
        case .pageUp: state.outliers.row = max(0, state.outliers.row - 10)
        case .pageDown: state.outliers.row = min(max(0, n - 1), state.outliers.row + 10)
        case .character("k"):
            state.outliers.method = state.outliers.method == .recon ? .knn : .recon
            state.outliers.row = 0
        case .escape, .character("o"), .character("q"):
            state.mode = .browse
            return
        default: return
        }
        followOutlier(&state)
    }

    // MARK: - Search

    private func searchKey(_ key: Key, _ state: inout AppState) {
        switch key {
        case .escape: state.mode = .browse
        case .backspace: if !state.search.query.isEmpty { state.search.query.removeLast() }
        case .enter:
            state.mode = .browse
            runSearch(&state)
        case .character(let c): state.search.query.append(c)
        default: break
        }
    }

    /// The points a search query matches, in order.
    public func matches(for query: String) -> [Int]? {
        let q = query.trimmingCharacters(in: .whitespaces).lowercased()
        guard !q.isEmpty else { return nil }
        if q.hasPrefix("#") || q.allSatisfy(\.isNumber) {
            guard let i = Int(q.drop { $0 == "#" }), i >= 0, i < context.count else { return [] }
            return [i]
        }
        let scores = context.outlierScores(.recon)
        if q == "worst" { return OutlierScores.ranking(scores, top: 50) }
        if q == "best" { return Array(OutlierScores.ranking(scores.map { -$0 }, top: 50)) }
        let classes = (0..<context.classCount).filter { context.className($0).lowercased().hasPrefix(q) }
        guard !classes.isEmpty else { return [] }
        return (0..<context.count).filter { classes.contains(context.classes[$0]) }
    }

    private func runSearch(_ state: inout AppState) {
        let query = state.search.query
        guard let found = matches(for: query) else { return }
        state.search.matches = found
        state.search.index = 0
        guard let first = found.first else {
            state.status = "no match for '\(query)'"
            return
        }
        focus(on: first, &state)
        state.status = "\(found.count) match\(found.count == 1 ? "" : "es") for '\(query)' · n/N next/previous"
    }

    /// `n`/`N` with search matches: the next or previous match.
    func cycleMatches(forward: Bool, _ state: inout AppState) -> Bool {
        let m = state.search.matches
        guard !m.isEmpty else { return false }
        state.search.index = (state.search.index + (forward ? 1 : m.count - 1)) % m.count
        focus(on: m[state.search.index], &state)
        state.status = "match \(state.search.index + 1) of \(m.count)"
        return true
    }
}
