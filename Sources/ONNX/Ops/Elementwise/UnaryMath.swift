import Tensors

/// One elementwise function for float types and, when it makes sense, integers.
protocol UnaryFunction: Sendable {
    static func float<T: FloatElement>(_ x: T) -> T
    /// Whether `integer` is meaningful (Neg, Abs, Sign); other functions refuse integer tensors.
    static var acceptsIntegers: Bool { get }
    static func integer<T: FixedWidthInteger>(_ x: T) -> T
}

extension UnaryFunction {
    static var acceptsIntegers: Bool { false }
    static func integer<T: FixedWidthInteger>(_ x: T) -> T { x }
}

enum SqrtFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { T.sqrt(x) } }
enum ExpFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { T.exp(x) } }
enum LogFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { T.log(x) } }
enum ErfFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { T.erf(x) } }
enum ReciprocalFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { 1 / x } }
enum FloorFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { x.rounded(.down) } }
enum CeilFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { x.rounded(.up) } }
enum RoundFunction: UnaryFunction {
    @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { x.rounded(.toNearestOrEven) }
}
enum SinFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { T.sin(x) } }
enum CosFunction: UnaryFunction { @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { T.cos(x) } }

enum NegFunction: UnaryFunction {
    @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { -x }
    static var acceptsIntegers: Bool { true }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ x: T) -> T { 0 &- x }
}

enum AbsFunction: UnaryFunction {
    @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { Swift.abs(x) }
    static var acceptsIntegers: Bool { true }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ x: T) -> T { x < 0 ? 0 &- x : x }
}

enum SignFunction: UnaryFunction {
    @inline(__always) static func float<T: FloatElement>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : x) }
    static var acceptsIntegers: Bool { true }
    @inline(__always) static func integer<T: FixedWidthInteger>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? 0 &- 1 : 0) }
}

/// Sqrt, Exp, Log, Neg, Abs, Reciprocal, Erf, Floor, Ceil, Round, Sign, Sin, Cos.
struct UnaryMathOp<F: UnaryFunction>: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { sameAsInput(inputs) }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        switch x.storage {
        case .float32: return [try Elementwise.unaryFloats(&inputs, F.float)]
        case .float64(let a): return [try Tensor(shape: x.shape, doubles: Elementwise.unary(a, F.float))]
        case .int64(let a) where F.acceptsIntegers: return [try Tensor(shape: x.shape, int64s: Elementwise.unary(a, F.integer))]
        case .int32(let a) where F.acceptsIntegers: return [try Tensor(shape: x.shape, int32s: Elementwise.unary(a, F.integer))]
        case .uint8(let a) where F.acceptsIntegers: return [try Tensor(shape: x.shape, bytes: Elementwise.unary(a, F.integer))]
        default: throw KernelError("element type \(x.dtype.rawValue) is not supported")
        }
    }
}
