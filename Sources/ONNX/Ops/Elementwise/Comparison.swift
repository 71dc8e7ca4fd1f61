import Tensors

/// A comparison written once for every comparable element type.
protocol ComparisonFunction: Sendable {
    static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool
}

enum GreaterFunction: ComparisonFunction { @inline(__always) static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a > b } }
enum LessFunction: ComparisonFunction { @inline(__always) static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a < b } }
enum GreaterOrEqualFunction: ComparisonFunction { @inline(__always) static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a >= b } }
enum LessOrEqualFunction: ComparisonFunction { @inline(__always) static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a <= b } }
enum EqualFunction: ComparisonFunction { @inline(__always) static func compare<T: Comparable>(_ a: T, _ b: T) -> Bool { a == b } }

/// Greater, Less, GreaterOrEqual, LessOrEqual, Equal: broadcast comparisons producing booleans.
struct ComparisonOp<F: ComparisonFunction>: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: .bool, shape: Broadcast.dims(inputs.map(\.shape)))]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let a = try inputs.required(0), b = try inputs.required(1)
        let r: (values: [Bool], shape: [Int])
        switch (a.storage, b.storage) {
        case (.float32(let x), .float32(let y)): r = try Elementwise.map(x, a.shape, y, b.shape, F.compare)
        case (.float64(let x), .float64(let y)): r = try Elementwise.map(x, a.shape, y, b.shape, F.compare)
        case (.int64(let x), .int64(let y)): r = try Elementwise.map(x, a.shape, y, b.shape, F.compare)
        case (.int32(let x), .int32(let y)): r = try Elementwise.map(x, a.shape, y, b.shape, F.compare)
        case (.uint8(let x), .uint8(let y)): r = try Elementwise.map(x, a.shape, y, b.shape, F.compare)
        case (.bool(let x), .bool(let y)):
            r = try Elementwise.map(x.map { $0 ? UInt8(1) : 0 }, a.shape, y.map { $0 ? UInt8(1) : 0 }, b.shape, F.compare)
        default:
            throw KernelError("operands have different element types (\(a.dtype.rawValue) and \(b.dtype.rawValue))")
        }
        return [try Tensor(shape: r.shape, bools: r.values)]
    }
}

/// And, Or, Xor over booleans.
struct LogicalOp: Operator {
    let function: @Sendable (Bool, Bool) -> Bool

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: .bool, shape: Broadcast.dims(inputs.map(\.shape)))]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let a = try inputs.required(0), b = try inputs.required(1)
        guard let x = a.bools, let y = b.bools else { throw KernelError("operands must be bool") }
        let r = try Elementwise.map(x, a.shape, y, b.shape, function)
        return [try Tensor(shape: r.shape, bools: r.values)]
    }
}

/// Not over booleans.
struct NotOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { sameAsInput(inputs) }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let a = try inputs.required(0)
        guard let x = a.bools else { throw KernelError("operand must be bool") }
        return [try Tensor(shape: a.shape, bools: x.map { !$0 })]
    }
}
