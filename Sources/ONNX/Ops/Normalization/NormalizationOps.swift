/// Registration of the normalisation operators.
enum NormalizationOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["BatchNormalization"] = { try BatchNormalizationOp($0) }
        r["InstanceNormalization"] = { try InstanceNormalizationOp($0) }
        r["LayerNormalization"] = { try LayerNormalizationOp($0) }
    }
}
