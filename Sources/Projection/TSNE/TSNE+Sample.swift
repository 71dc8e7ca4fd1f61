import Foundation

extension TSNE {
    /// A seeded sample of `count` of the indices `0..<rows`, ascending.
    ///
    /// With labels (one per row) the sample is stratified: each label gets its share of `count` by largest
    /// remainder (ties to the smaller label), so the sample keeps the classes' proportions; within a label the
    /// rows are drawn by a seeded shuffle. Without labels, a seeded draw from all rows.
    /// - Throws: `ProjectionError.invalidOption` when `count` is not in `1...rows` or the labels do not match.
    public static func sample(rows: Int, count: Int, labels: [Int]? = nil, seed: UInt64) throws(ProjectionError) -> [Int] {
        guard count >= 1, count <= rows else {
            throw .invalidOption(name: "fit sample", reason: "\(count) is not between 1 and the \(rows) points")
        }
        if let labels, labels.count != rows {
            throw .invalidOption(name: "labels", reason: "\(labels.count) labels for \(rows) points")
        }
        var rng = SeededGenerator(seed: seed)
        guard let labels, count < rows else {
            return draw(Array(0..<rows), count: count, rng: &rng).sorted()
        }
        var members: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { members[label, default: []].append(i) }
        let classes = members.keys.sorted()
        // largest-remainder shares of `count`
        var share: [Int: Int] = [:], remainders: [(remainder: Double, label: Int)] = []
        var given = 0
        for label in classes {
            let exact = Double(count) * Double(members[label]!.count) / Double(rows)
            share[label] = Int(exact)
            given += Int(exact)
            remainders.append((exact - exact.rounded(.down), label))
        }
        remainders.sort { $0.remainder > $1.remainder || ($0.remainder == $1.remainder && $0.label < $1.label) }
        for r in remainders.prefix(count - given) { share[r.label]! += 1 }
        var picked: [Int] = []
        picked.reserveCapacity(count)
        for label in classes { picked += draw(members[label]!, count: share[label]!, rng: &rng) }
        return picked.sorted()
    }

    /// The first `count` of `items` after a seeded partial Fisher–Yates shuffle.
    private static func draw(_ items: [Int], count: Int, rng: inout SeededGenerator) -> [Int] {
        var items = items
        for i in 0..<min(count, items.count) {
            let j = i + Int(rng.next() % UInt64(items.count - i))
            items.swapAt(i, j)
        }
        return Array(items.prefix(count))
    }

    /// t-SNE of a seeded sample of the rows (`TSNE.sample`), the other rows then placed into the sample's
    /// embedding (`TSNE.place`): for data too large to embed whole in the time at hand.
    ///
    /// - Parameters:
    ///   - sampleSize: rows to embed; all rows (a plain `run`) when it is at least `rows`.
    ///   - labels: one per row, to stratify the sample (optional).
    ///   - placement: settings of the placement; its `threads` and `seed` are taken from `options`.
    ///   - shouldStop: as for `run`.
    ///   - placing: called once the sample is embedded, before the placement starts.
    /// - Returns: the embedding of all rows; `affinities` and `kl` are the sample's. A run stopped by `progress`
    ///   or `neighbors` returns at once with `cancelled` set (the embedding then holds only what was done).
    public static func runOnSample(_ x: [Float], rows: Int, cols: Int, sampleSize: Int, labels: [Int]? = nil,
                                   options: TSNEOptions = TSNEOptions(),
                                   placement: TSNEPlacementOptions = TSNEPlacementOptions(),
                                   progress: (TSNEProgress) -> Bool = { _ in true },
                                   neighbors: (_ done: Int, _ total: Int) -> Bool = { _, _ in true },
                                   shouldStop: () -> Bool = { false },
                                   placing: () -> Void = {}) throws(ProjectionError) -> TSNEResult {
        try InputCheck.matrix(x, rows: rows, cols: cols)
        guard sampleSize < rows else {
            return try run(x, rows: rows, cols: cols, options: options, progress: progress, neighbors: neighbors,
                           shouldStop: shouldStop)
        }
        let chosen = try sample(rows: rows, count: sampleSize, labels: labels, seed: options.seed)
        var inSample = [Bool](repeating: false, count: rows)
        for i in chosen { inSample[i] = true }
        let rest = (0..<rows).filter { !inSample[$0] }
        let sampleX = gatherRows(x, cols: cols, chosen), restX = gatherRows(x, cols: cols, rest)
        let fitted = try run(sampleX, rows: chosen.count, cols: cols, options: options, progress: progress,
                             neighbors: neighbors, shouldStop: shouldStop)
        guard !fitted.cancelled else { return fitted }
        placing()
        var settings = placement
        settings.threads = options.threads
        settings.seed = options.seed
        let placed = try place(restX, rows: rest.count, reference: sampleX, referenceRows: chosen.count, cols: cols,
                               embedding: fitted.embedding, options: settings)
        var embedding = [Float](repeating: 0, count: 2 * rows)
        for (s, i) in chosen.enumerated() { embedding[2 * i] = fitted.embedding[2 * s]; embedding[2 * i + 1] = fitted.embedding[2 * s + 1] }
        for (s, i) in rest.enumerated() { embedding[2 * i] = placed[2 * s]; embedding[2 * i + 1] = placed[2 * s + 1] }
        var result = fitted
        result.embedding = embedding
        return result
    }

    /// The given rows of a row-major matrix with `cols` columns.
    private static func gatherRows(_ x: [Float], cols: Int, _ rows: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count * cols)
        for (r, i) in rows.enumerated() {
            for c in 0..<cols { out[r * cols + c] = x[i * cols + c] }
        }
        return out
    }
}
