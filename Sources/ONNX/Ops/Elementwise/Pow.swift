import Tensors

/// Pow: `base ^ exponent`, broadcast; the exponent may have another element type (opset 12 and later), the result
/// has the base's type.
struct PowOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: inputs.first?.dtype, shape: Broadcast.dims(inputs.map(\.shape)))]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let base = try inputs.required(0), exponent = try inputs.required(1)
        switch base.storage {
        case .float32(let x):
            let e = exponent.floatValues()
            // Squares (x ** 2 in variances and norms) are common: multiply instead of calling powf.
            if e.count == 1 && e[0] == 2 {
                return [try Tensor(shape: try Broadcast.shape(base.shape, exponent.shape), floats: Elementwise.unary(x) { $0 * $0 })]
            }
            let r = try Elementwise.map(x, base.shape, e, exponent.shape) { Float.pow($0, $1) }
            return [try Tensor(shape: r.shape, floats: r.values)]
        case .float64(let x):
            let e = exponent.dtype == .float64 ? exponent.doubles! : exponent.floatValues().map(Double.init)
            let r = try Elementwise.map(x, base.shape, e, exponent.shape) { Double.pow($0, $1) }
            return [try Tensor(shape: r.shape, doubles: r.values)]
        case .int64(let x):
            let e = exponent.floatValues().map(Double.init)
            let r = try Elementwise.map(x, base.shape, e, exponent.shape) { (Double.pow(Double($0), $1)).saturatingInteger(Int64.self) }
            return [try Tensor(shape: r.shape, int64s: r.values)]
        case .int32(let x):
            let e = exponent.floatValues().map(Double.init)
            let r = try Elementwise.map(x, base.shape, e, exponent.shape) { (Double.pow(Double($0), $1)).saturatingInteger(Int32.self) }
            return [try Tensor(shape: r.shape, int32s: r.values)]
        default:
            throw KernelError("element type \(base.dtype.rawValue) is not supported")
        }
    }
}
