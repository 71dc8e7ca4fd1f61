/// Registration of the broadcast arithmetic, comparison, logical and unary math operators.
enum ElementwiseOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["Add"] = { _ in ArithmeticOp<AddFunction>() }
        r["Sub"] = { _ in ArithmeticOp<SubFunction>() }
        r["Mul"] = { _ in ArithmeticOp<MulFunction>() }
        r["Div"] = { _ in ArithmeticOp<DivFunction>() }
        r["Sum"] = { _ in ArithmeticOp<AddFunction>() }
        r["Max"] = { _ in ArithmeticOp<MaxFunction>() }
        r["Min"] = { _ in ArithmeticOp<MinFunction>() }
        r["Pow"] = { _ in PowOp() }
        r["Mod"] = { try ModOp($0) }
        r["Greater"] = { _ in ComparisonOp<GreaterFunction>() }
        r["Less"] = { _ in ComparisonOp<LessFunction>() }
        r["GreaterOrEqual"] = { _ in ComparisonOp<GreaterOrEqualFunction>() }
        r["LessOrEqual"] = { _ in ComparisonOp<LessOrEqualFunction>() }
        r["Equal"] = { _ in ComparisonOp<EqualFunction>() }
        r["And"] = { _ in LogicalOp { $0 && $1 } }
        r["Or"] = { _ in LogicalOp { $0 || $1 } }
        r["Xor"] = { _ in LogicalOp { $0 != $1 } }
        r["Not"] = { _ in NotOp() }
        r["Where"] = { _ in WhereOp() }
        r["Sqrt"] = { _ in UnaryMathOp<SqrtFunction>() }
        r["Exp"] = { _ in UnaryMathOp<ExpFunction>() }
        r["Log"] = { _ in UnaryMathOp<LogFunction>() }
        r["Neg"] = { _ in UnaryMathOp<NegFunction>() }
        r["Abs"] = { _ in UnaryMathOp<AbsFunction>() }
        r["Sign"] = { _ in UnaryMathOp<SignFunction>() }
        r["Reciprocal"] = { _ in UnaryMathOp<ReciprocalFunction>() }
        r["Erf"] = { _ in UnaryMathOp<ErfFunction>() }
        r["Floor"] = { _ in UnaryMathOp<FloorFunction>() }
        r["Ceil"] = { _ in UnaryMathOp<CeilFunction>() }
        r["Round"] = { _ in UnaryMathOp<RoundFunction>() }
        r["Sin"] = { _ in UnaryMathOp<SinFunction>() }
        r["Cos"] = { _ in UnaryMathOp<CosFunction>() }
    }
}
