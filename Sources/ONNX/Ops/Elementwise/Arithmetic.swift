import Tensors

/// One arithmetic function written for each element type.
protocol ArithmeticFunction: Sendable {
    static func float<T: FloatElement>(_ a: T, _ b: T) -> T
    static func integer<T: FixedWidthInteger>(_ a: T, _ b: T) -> T
}

enum AddFunction: ArithmeticFunction {
    @inline(__always) static func float<T: FloatElement>(_ a: T, _ b: T) -> T { a + b }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ a: T, _ b: T) -> T { a &+ b }
}

enum SubFunction: ArithmeticFunction {
    @inline(__always) static func float<T: FloatElement>(_ a: T, _ b: T) -> T { a - b }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ a: T, _ b: T) -> T { a &- b }
}

enum MulFunction: ArithmeticFunction {
    @inline(__always) static func float<T: FloatElement>(_ a: T, _ b: T) -> T { a * b }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ a: T, _ b: T) -> T { a &* b }
}

enum DivFunction: ArithmeticFunction {
    @inline(__always) static func float<T: FloatElement>(_ a: T, _ b: T) -> T { a / b }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ a: T, _ b: T) -> T { a.safeDivided(by: b) }
}

enum MaxFunction: ArithmeticFunction {
    // NaN wins, as in numpy.maximum.
    @inline(__always) static func float<T: FloatElement>(_ a: T, _ b: T) -> T { a.isNaN || a > b ? a : b }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ a: T, _ b: T) -> T { Swift.max(a, b) }
}

enum MinFunction: ArithmeticFunction {
    @inline(__always) static func float<T: FloatElement>(_ a: T, _ b: T) -> T { a.isNaN || a < b ? a : b }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ a: T, _ b: T) -> T { Swift.min(a, b) }
}

/// Add, Sub, Mul, Div, Max, Min, Sum: numpy broadcasting over operands of one element type.
///
/// Max, Min and Sum take any number of inputs (folded left to right); the others take two.
struct ArithmeticOp<F: ArithmeticFunction>: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let dtype = inputs.first?.dtype
        let shape = Broadcast.dims(inputs.map(\.shape))
        var fact = ValueFact(dtype: dtype, shape: shape)
        // Shape arithmetic on int64 values with known elements (sizes computed from `x.size(i)`).
        if dtype == .int64, inputs.count == 2, let a = inputs[0].dims, let b = inputs[1].dims,
           a.count == b.count || a.count == 1 || b.count == 1 {
            let n = max(a.count, b.count)
            var out: [Dim] = []
            for i in 0..<n {
                let x = a[a.count == 1 ? 0 : i], y = b[b.count == 1 ? 0 : i]
                if let u = x.value, let v = y.value {
                    out.append(.known(Int(F.integer(Int64(u), Int64(v)))))
                } else if F.self == MulFunction.self {
                    out.append(x * y)
                } else if F.self == AddFunction.self {
                    out.append(x + y)
                } else {
                    out.append(.unknown)
                }
            }
            if (inputs[0].rank ?? 1) <= 1 && (inputs[1].rank ?? 1) <= 1 { fact.symbolic = out }
        }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        guard inputs.count >= 2 else { return [try inputs.required(0)] }
        var result = try apply(&inputs)
        var k = 2
        while k < inputs.count {
            var next = KernelInputs([result, try inputs.required(k)], donated: [true, false])
            result = try apply(&next)
            k += 1
        }
        return [result]
    }

    private func apply(_ inputs: inout KernelInputs) throws -> Tensor {
        let a = try inputs.required(0), b = try inputs.required(1)
        switch (a.storage, b.storage) {
        case (.float32, .float32):
            return try Elementwise.floats(&inputs, F.float)
        case (.float64(let x), .float64(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape, F.float)
            return try Tensor(shape: r.shape, doubles: r.values)
        case (.int64(let x), .int64(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape, F.integer)
            return try Tensor(shape: r.shape, int64s: r.values)
        case (.int32(let x), .int32(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape, F.integer)
            return try Tensor(shape: r.shape, int32s: r.values)
        case (.uint8(let x), .uint8(let y)):
            let r = try Elementwise.map(x, a.shape, y, b.shape, F.integer)
            return try Tensor(shape: r.shape, bytes: r.values)
        default:
            throw KernelError("operands have different or unsupported element types (\(a.dtype.rawValue) and \(b.dtype.rawValue))")
        }
    }
}
