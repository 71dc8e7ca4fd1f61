import Foundation

/// Reading numeric matrices from comma-separated text.
public enum CSV {
    /// Reads a CSV file of numbers as a float32 `rows × columns` tensor.
    ///
    /// A first row that does not parse as numbers is taken as a header and skipped. Blank lines are ignored.
    public static func readMatrix(_ url: URL) throws(TensorIOError) -> Tensor {
        let data = try readFile(url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw TensorIOError(file: url.path, reason: "not UTF-8 text")
        }
        return try parseMatrix(text, file: url.path)
    }

    /// Parses CSV text; `file` names the source in errors.
    public static func parseMatrix(_ text: String, file: String) throws(TensorIOError) -> Tensor {
        var values: [Float] = []
        var columns: Int?
        var rows = 0
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let parsed = fields.map { Float($0) }
            if parsed.contains(where: { $0 == nil }) {
                if rows == 0 && columns == nil {
                    columns = fields.count  // header row
                    continue
                }
                let bad = fields[parsed.firstIndex(where: { $0 == nil })!]
                throw TensorIOError(file: file, reason: "line \(lineNumber): '\(bad)' is not a number")
            }
            if let c = columns, c != fields.count {
                throw TensorIOError(file: file, reason: "line \(lineNumber) has \(fields.count) fields, expected \(c)")
            }
            columns = fields.count
            values.append(contentsOf: parsed.map { $0! })
            rows += 1
        }
        guard rows > 0, let c = columns else { throw TensorIOError(file: file, reason: "no numeric rows") }
        return Tensor(uncheckedShape: [rows, c], storage: .float32(values))
    }
}
