import Foundation
import LatentSpace

/// What is being typed after `/`.
public struct SearchState: Equatable, Sendable {
    public var query = ""
    public init(query: String = "") { self.query = query }
}

/// `/`: find points by `#index`, a class name's start, `worst` or `best` (reconstruction); `n`/`N` step through
/// the matches afterwards.
extension Explorer {
    func typeIntoSearch(_ key: Key, _ search: SearchState, _ state: inout AppState) {
        var s = search
        switch key {
        case .backspace: if !s.query.isEmpty { s.query.removeLast() }
        case .character(let c): s.query.append(c)
        default: return
        }
        state.mode = .search(s)
    }

    func searchAction(_ action: Action, _ search: SearchState, _ state: inout AppState) -> [Effect] {
        switch action {
        case .back: state.mode = .browse
        case .goToPoint:
            state.mode = .browse
            runSearch(search.query, &state)
        default: break
        }
        return []
    }

    /// The points a query matches, in order; nil for an empty query.
    public func matches(for query: String) -> [Int]? {
        let q = query.trimmingCharacters(in: .whitespaces).lowercased()
        guard !q.isEmpty else { return nil }
        if q.hasPrefix("#") || q.allSatisfy(\.isNumber) {
            guard let i = Int(q.drop { $0 == "#" }), i >= 0, i < context.count else { return [] }
            return [i]
        }
        if q == "worst" || q == "best" {
            guard let table = context.reconstructionTable else { return [] }
            if q == "worst" { return table.ranking }
            return OutlierScores.ranking(table.scores.map { -$0 }, top: ExplorerContext.rankedOutliers)
        }
        let classes = Set((0..<context.classCount).filter { context.className($0).lowercased().hasPrefix(q) })
        guard !classes.isEmpty else { return [] }
        return (0..<context.count).filter { classes.contains(context.classes[$0]) }
    }

    private func runSearch(_ query: String, _ state: inout AppState) {
        guard let found = matches(for: query) else { return }
        state.searchResults = found.isEmpty ? nil : SearchResults(query: query, matches: found)
        guard let first = found.first else {
            state.status = "no match for '\(query)'"
            return
        }
        focus(on: first, &state)
        state.status = "\(found.count) match\(found.count == 1 ? "" : "es") for '\(query)' · n/N next/previous"
    }

    /// `n`/`N` with search matches: the next or previous match; false without matches.
    func stepThroughMatches(forward: Bool, _ state: inout AppState) -> Bool {
        guard var results = state.searchResults, !results.matches.isEmpty else { return false }
        let m = results.matches
        results.index = (results.index + (forward ? 1 : m.count - 1)) % m.count
        state.searchResults = results
        focus(on: m[results.index], &state)
        state.status = "match \(results.index + 1) of \(m.count)"
        return true
    }
}
