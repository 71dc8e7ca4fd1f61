import Foundation

/// The parsed dictionary at the start of an NPY file: `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeader: Equatable {
    var dtype: DType
    var bigEndian: Bool
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the header text; `file` names the source in errors.
    static func parse(_ text: String, file: String) throws(TensorIOError) -> NPYHeader {
        func fail(_ why: String) -> TensorIOError { TensorIOError(file: file, reason: "bad NPY header: \(why)") }
        guard let descr = value(of: "descr", in: text) else { throw fail("no 'descr' key") }
        guard let fortran = value(of: "fortran_order", in: text) else { throw fail("no 'fortran_order' key") }
        guard let shapeText = value(of: "shape", in: text) else { throw fail("no 'shape' key") }

        let typeString = descr.trimmingCharacters(in: ["'", "\""])
        guard let (dtype, bigEndian) = decodeDescr(typeString) else {
            throw TensorIOError(file: file, reason: "unsupported dtype '\(typeString)' (supported: f4 f8 i8 i4 u1 b1)")
        }
        let fortranOrder: Bool
        switch fortran {
        case "True": fortranOrder = true
        case "False": fortranOrder = false
        default: throw fail("fortran_order is '\(fortran)', expected True or False")
        }
        guard shapeText.first == "(", shapeText.last == ")" else { throw fail("shape '\(shapeText)' is not a tuple") }
        var shape: [Int] = []
        for part in shapeText.dropFirst().dropLast().split(separator: ",") {
            let t = part.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["L"])
            if t.isEmpty { continue }
            guard let d = Int(t), d >= 0 else { throw fail("shape entry '\(t)' is not a non-negative integer") }
            shape.append(d)
        }
        return NPYHeader(dtype: dtype, bigEndian: bigEndian, fortranOrder: fortranOrder, shape: shape)
    }

    /// The header dictionary text for writing (without padding).
    static func render(dtype: DType, shape: [Int]) -> String {
        let dims: String
        switch shape.count {
        case 0: dims = "()"
        case 1: dims = "(\(shape[0]),)"
        default: dims = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        return "{'descr': '\(dtype.numpyDescr)', 'fortran_order': False, 'shape': \(dims), }"
    }

    /// Maps a numpy type string such as `<f4` to a dtype and byte order.
    static func decodeDescr(_ s: String) -> (DType, Bool)? {
        guard s.count >= 2 else { return nil }
        var order = s.first!
        var code = Substring(s)
        if "<>|=".contains(order) { code = code.dropFirst() } else { order = "=" }
        let big = order == ">"
        switch code {
        case "f4": return (.float32, big)
        case "f8": return (.float64, big)
        case "i8": return (.int64, big)
        case "i4": return (.int32, big)
        case "u1": return (.uint8, false)
        case "b1", "?": return (.bool, false)
        default: return nil
        }
    }

    /// The raw text of the value for `key` in a Python dict literal (a quoted string, a word, or a tuple).
    private static func value(of key: String, in text: String) -> String? {
        for quote in ["'", "\""] {
            guard let keyRange = text.range(of: "\(quote)\(key)\(quote)") else { continue }
            var rest = text[keyRange.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            guard let first = rest.first else { return nil }
            if first == "(" {
                guard let close = rest.firstIndex(of: ")") else { return nil }
                return String(rest[...close])
            }
            if first == "'" || first == "\"" {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: first) else { return nil }
                return String(first) + body[..<close] + String(first)
            }
            let end = rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex
            return rest[..<end].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
