/// Percentile ranks of scores.
public enum Percentiles {
    /// For each score, the percentage of scores less than or equal to it (0 < p ≤ 100). NaN scores rank lowest.
    public static func ranks(_ scores: [Float]) -> [Float] {
        let n = scores.count
        guard n > 0 else { return [] }
        let order = scores.indices.sorted { key(scores[$0]) < key(scores[$1]) }
        var result = [Float](repeating: 0, count: n)
        var i = 0
        while i < n {
            // Ties share the rank of the last of them.
            var j = i
            while j + 1 < n && key(scores[order[j + 1]]) == key(scores[order[i]]) { j += 1 }
            let p = Float(j + 1) / Float(n) * 100
            for k in i...j { result[order[k]] = p }
            i = j + 1
        }
        return result
    }

    private static func key(_ x: Float) -> Float { x.isNaN ? -.infinity : x }
}
