/// The classes held out as anomalies (a manifest's `anomaly_classes` or `--anomaly-class`): which points they are.
public enum AnomalyClasses {
    /// What is wrong with `names` as anomaly classes of a bundle with these `classes`, naming `source` (the field or
    /// option they came from); nil when every name is a class.
    public static func problem(_ names: [String], classes: [String], source: String) -> String? {
        guard !names.isEmpty else { return "\(source) names no class" }
        let unknown = names.filter { !classes.contains($0) }
        guard !unknown.isEmpty else { return nil }
        let known = classes.isEmpty ? "the bundle names no classes" : "the classes are " + classes.map { "'\($0)'" }.joined(separator: ", ")
        return "\(source) names " + unknown.map { "'\($0)'" }.joined(separator: ", ")
            + (unknown.count == 1 ? ", which is not a class" : ", which are not classes") + " (\(known))"
    }

    /// One flag per point: whether its label is one of the classes called `names` (labels index `classes`).
    public static func flags(_ names: [String], classes: [String], labels: [Int]) -> [Bool] {
        let held = Set(classes.indices.filter { names.contains(classes[$0]) })
        return labels.map { held.contains($0) }
    }
}
