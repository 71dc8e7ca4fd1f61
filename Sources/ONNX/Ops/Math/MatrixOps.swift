/// Registration of Gemm and MatMul.
enum MatrixOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["Gemm"] = { try GemmOp($0) }
        r["MatMul"] = { _ in MatMulOp() }
    }
}
