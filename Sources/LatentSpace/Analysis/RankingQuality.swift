/// How well a score ranks the known anomalies above the normal points: ROC AUC and average precision, computed
/// as scikit-learn's `roc_auc_score` and `average_precision_score` compute them (ties included).
public struct RankingQuality: Equatable, Sendable {
    /// The area under the ROC curve: the chance that a random anomaly scores above a random normal point, a tie
    /// counting one half.
    public var rocAUC: Double
    /// Σ (Rₙ − Rₙ₋₁) Pₙ over the distinct score thresholds, highest first: the precision at each threshold weighted
    /// by the recall it adds (no interpolation).
    public var averagePrecision: Double

    public init(rocAUC: Double, averagePrecision: Double) {
        self.rocAUC = rocAUC
        self.averagePrecision = averagePrecision
    }

    /// The quality of `scores` (higher = more anomalous) against `isAnomaly`, one flag per score; nil when the
    /// counts differ, when either group is empty, or when a score is NaN or infinite (scikit-learn refuses those).
    /// Sorts once: O(N log N).
    public static func measure(scores: [Float], isAnomaly: [Bool]) -> RankingQuality? {
        let n = scores.count
        guard n == isAnomaly.count, scores.allSatisfy({ $0.isFinite }) else { return nil }
        let positives = isAnomaly.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = n - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        // Walk the thresholds from the highest score down; points tied on a score cross their threshold together.
        var tp = 0, fp = 0
        var area = 0.0, precisionSum = 0.0
        var i = 0
        while i < n {
            let (tp0, fp0) = (tp, fp)
            let threshold = scores[order[i]]
            while i < n && scores[order[i]] == threshold {
                if isAnomaly[order[i]] { tp += 1 } else { fp += 1 }
                i += 1
            }
            // ROC: the trapezoid between the previous point and this one (a tie gives a diagonal step).
            area += Double(fp - fp0) * Double(tp + tp0) / 2
            // Average precision: this threshold's precision times the recall it adds.
            precisionSum += Double(tp - tp0) * Double(tp) / Double(tp + fp)
        }
        return RankingQuality(rocAUC: area / (Double(positives) * Double(negatives)),
                              averagePrecision: precisionSum / Double(positives))
    }
}
