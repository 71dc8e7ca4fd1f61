import Tensors

/// Why an operator builder refused a node: an attribute value or variant the interpreter does not implement.
struct UnsupportedVariant: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A node as its operator builder sees it: typed attribute access with defaults, the opset, the input arity.
struct NodeContext {
    let node: NodeDef

    var opset: Int { node.opset }
    var name: String { node.name }
    /// How many inputs the node lists (including omitted optional ones before the last given one).
    var inputCount: Int { node.inputs.count }
    var outputCount: Int { node.outputs.count }

    /// Whether input `i` is given (listed and not the empty name).
    func hasInput(_ i: Int) -> Bool { i < node.inputs.count && !node.inputs[i].isEmpty }
    /// Whether output `i` is used (listed and not the empty name).
    func hasOutput(_ i: Int) -> Bool { i < node.outputs.count && !node.outputs[i].isEmpty }

    // MARK: - Attributes

    func has(_ name: String) -> Bool { node.attributes[name] != nil }

    func int(_ name: String) throws -> Int? {
        switch node.attributes[name] {
        case nil: return nil
        case .int(let v)?: return v
        case .float(let f)? where Int(exactly: f) != nil: return Int(exactly: f)
        default: throw UnsupportedVariant("attribute '\(name)' must be an integer")
        }
    }

    func int(_ name: String, default value: Int) throws -> Int { try int(name) ?? value }

    func float(_ name: String) throws -> Float? {
        switch node.attributes[name] {
        case nil: return nil
        case .float(let v)?: return v
        case .int(let v)?: return Float(v)
        default: throw UnsupportedVariant("attribute '\(name)' must be a float")
        }
    }

    func float(_ name: String, default value: Float) throws -> Float { try float(name) ?? value }

    func string(_ name: String) throws -> String? {
        switch node.attributes[name] {
        case nil: return nil
        case .string(let v)?: return v
        default: throw UnsupportedVariant("attribute '\(name)' must be a string")
        }
    }

    func string(_ name: String, default value: String) throws -> String { try string(name) ?? value }

    func ints(_ name: String) throws -> [Int]? {
        switch node.attributes[name] {
        case nil: return nil
        case .ints(let v)?: return v
        case .int(let v)?: return [v]
        default: throw UnsupportedVariant("attribute '\(name)' must be a list of integers")
        }
    }

    func floats(_ name: String) throws -> [Float]? {
        switch node.attributes[name] {
        case nil: return nil
        case .floats(let v)?: return v
        case .float(let v)?: return [v]
        default: throw UnsupportedVariant("attribute '\(name)' must be a list of floats")
        }
    }

    func strings(_ name: String) throws -> [String]? {
        switch node.attributes[name] {
        case nil: return nil
        case .strings(let v)?: return v
        case .string(let v)?: return [v]
        default: throw UnsupportedVariant("attribute '\(name)' must be a list of strings")
        }
    }

    func tensor(_ name: String) throws -> Tensor? {
        switch node.attributes[name] {
        case nil: return nil
        case .tensor(let t)?: return t
        default: throw UnsupportedVariant("attribute '\(name)' must be a tensor")
        }
    }

    /// Refuses a string attribute value outside `allowed`.
    func choice(_ name: String, default value: String, allowed: [String]) throws -> String {
        let v = try string(name, default: value)
        guard allowed.contains(v) else { throw UnsupportedVariant("\(name) '\(v)' is not supported") }
        return v
    }
}
