/// Builds an operator from a node, or throws `UnsupportedVariant`.
typealias OperatorBuilder = @Sendable (NodeContext) throws -> any Operator

/// The map from ONNX operator name (default domain) to builder; each operator family registers itself here.
enum OperatorRegistry {
    static let builders: [String: OperatorBuilder] = {
        var table: [String: OperatorBuilder] = [:]
        for register in families { register(&table) }
        return table
    }()

    /// Every family's registration function. Add a family with one line.
    private static let families: [@Sendable (inout [String: OperatorBuilder]) -> Void] = [
        ElementwiseOps.register,
        ActivationOps.register,
        MatrixOps.register,
        ReductionOps.register,
        NormalizationOps.register,
        ConvOps.register,
        PoolOps.register,
        ResizeOps.register,
        RecurrentOps.register,
        ShapeOps.register,
        LayoutOps.register,
    ]

    /// The operator names the interpreter implements, sorted.
    static var supportedOperators: [String] { builders.keys.sorted() }

    /// Builds the operator for a node, or describes why it cannot.
    static func build(_ node: NodeDef) -> Result<any Operator, UnsupportedNodeError> {
        func unsupported(_ reason: String?) -> Result<any Operator, UnsupportedNodeError> {
            .failure(UnsupportedNodeError(node: UnsupportedNode(opType: node.opType, domain: node.domain, nodeName: node.name,
                                     opset: node.opset, reason: reason)))
        }
        guard node.domain.isEmpty, let builder = builders[node.opType] else { return unsupported(nil) }
        do {
            return .success(try builder(NodeContext(node: node)))
        } catch let error as UnsupportedVariant {
            return unsupported(error.reason)
        } catch {
            return unsupported("\(error)")
        }
    }
}

/// An `UnsupportedNode` carried as a `Result` failure.
struct UnsupportedNodeError: Error {
    var node: UnsupportedNode
}
