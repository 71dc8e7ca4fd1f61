/// The results of work the state needs, and the work asked for and not back yet.
///
/// After every message `update` works out what the state needs (`Explorer.neededWork`), asks for what is
/// neither here nor pending, and forgets results nothing needs any more; a redraw of an unchanged state
/// therefore asks for nothing and decodes nothing.
public struct WorkStore: Equatable, Sendable {
    public private(set) var results: [Work: WorkResult] = [:]
    public private(set) var pending: Set<Work> = []
    /// Results kept beyond what is needed, so stepping back and forth does not redo work.
    static let spare = 64
    private var order: [Work] = []

    public init() {}

    public subscript(_ work: Work) -> WorkResult? { results[work] }

    /// The work of `needed` to ask for now (marked pending).
    mutating func schedule(_ needed: [Work]) -> [Work] {
        var asked: [Work] = []
        for w in needed where results[w] == nil && !pending.contains(w) {
            pending.insert(w)
            asked.append(w)
        }
        return asked
    }

    /// Keeps a result (and forgets the oldest ones nothing needs once there are more than `spare` of them).
    mutating func store(_ work: Work, _ result: WorkResult, needed: Set<Work>) {
        pending.remove(work)
        if results.updateValue(result, forKey: work) == nil { order.append(work) }
        guard results.count > needed.count + Self.spare else { return }
        var kept: [Work] = []
        var excess = results.count - needed.count - Self.spare
        for w in order {
            if excess > 0 && !needed.contains(w) {
                results[w] = nil
                excess -= 1
            } else if results[w] != nil {
                kept.append(w)
            }
        }
        order = kept
    }

    /// Forgets pending work of a kind that will not come back (its job was cancelled).
    mutating func forget(where matches: (Work) -> Bool) {
        pending = pending.filter { !matches($0) }
        for w in results.keys where matches(w) { results[w] = nil }
        order.removeAll(where: matches)
    }
}
