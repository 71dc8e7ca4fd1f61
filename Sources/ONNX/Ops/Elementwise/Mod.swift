import Tensors

/// Mod: the remainder with the divisor's sign (`fmod = 0`, Python's `%`) or the dividend's sign (`fmod = 1`, C's
/// `fmod`). The TorchScript exporter emits it on int64 sizes for `Unflatten`.
struct ModOp: Operator {
    let cStyle: Bool

    init(_ ctx: NodeContext) throws {
        cStyle = try ctx.int("fmod", default: 0) != 0
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: inputs.first?.dtype, shape: Broadcast.dims(inputs.map(\.shape)))]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let a = try inputs.required(0), b = try inputs.required(1)
        let c = cStyle
        switch (a.storage, b.storage) {
        case (.float32(let x), .float32(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape) { Self.float($0, $1, c) }
            return [try Tensor(shape: r.shape, floats: r.values)]
        case (.float64(let x), .float64(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape) { Self.float($0, $1, c) }
            return [try Tensor(shape: r.shape, doubles: r.values)]
        case (.int64(let x), .int64(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape) { c ? $0.safeRemainder($1) : $0.floorModulo($1) }
            return [try Tensor(shape: r.shape, int64s: r.values)]
        case (.int32(let x), .int32(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape) { c ? $0.safeRemainder($1) : $0.floorModulo($1) }
            return [try Tensor(shape: r.shape, int32s: r.values)]
        case (.uint8(let x), .uint8(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape) { $0.safeRemainder($1) }
            return [try Tensor(shape: r.shape, bytes: r.values)]
        default:
            throw KernelError("operands have different element types (\(a.dtype.rawValue) and \(b.dtype.rawValue))")
        }
    }

    @inline(__always)
    static func float<T: FloatElement>(_ a: T, _ b: T, _ cStyle: Bool) -> T {
        let r = T.fmod(a, b)
        if cStyle || r == 0 || (r < 0) == (b < 0) { return r }
        return r + b
    }
}
