import Tensors

/// Conversions between element types, as Cast defines them: floats truncate toward zero (saturating, NaN to 0)
/// when cast to integers, anything non-zero is true.
enum Conversion {
    static func cast(_ t: Tensor, to dtype: DType) throws -> Tensor {
        if t.dtype == dtype { return t }
        let storage: TensorStorage
        switch dtype {
        case .float32:
            storage = .float32(t.floatValues())
        case .float64:
            switch t.storage {
            case .float32(let a): storage = .float64(a.map(Double.init))
            case .int64(let a): storage = .float64(a.map(Double.init))
            case .int32(let a): storage = .float64(a.map(Double.init))
            case .uint8(let a): storage = .float64(a.map(Double.init))
            case .bool(let a): storage = .float64(a.map { $0 ? 1 : 0 })
            case .float64(let a): storage = .float64(a)
            }
        case .int64: storage = .int64(integers(t, Int64.self))
        case .int32: storage = .int32(integers(t, Int32.self))
        case .uint8: storage = .uint8(integers(t, UInt8.self))
        case .bool:
            switch t.storage {
            case .float32(let a): storage = .bool(a.map { $0 != 0 })
            case .float64(let a): storage = .bool(a.map { $0 != 0 })
            case .int64(let a): storage = .bool(a.map { $0 != 0 })
            case .int32(let a): storage = .bool(a.map { $0 != 0 })
            case .uint8(let a): storage = .bool(a.map { $0 != 0 })
            case .bool(let a): storage = .bool(a)
            }
        }
        return try Tensor(shape: t.shape, storage: storage)
    }

    private static func integers<I: FixedWidthInteger>(_ t: Tensor, _: I.Type) -> [I] {
        switch t.storage {
        case .float32(let a): return a.map { $0.saturatingInteger(I.self) }
        case .float64(let a): return a.map { $0.saturatingInteger(I.self) }
        case .int64(let a): return a.map { I(truncatingIfNeeded: $0) }
        case .int32(let a): return a.map { I(truncatingIfNeeded: $0) }
        case .uint8(let a): return a.map { I(truncatingIfNeeded: $0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        }
    }
}

/// Cast (`to` attribute) and CastLike (the type of a second input).
struct CastOp: Operator {
    /// The target type; nil for CastLike, which takes it from input 1.
    let target: DType?

    init(_ ctx: NodeContext, like: Bool) throws {
        if like {
            target = nil
            return
        }
        guard let code = try ctx.int("to") else { throw UnsupportedVariant("attribute 'to' is missing") }
        let type = ElementType(code: code)
        guard let dtype = type.dtype else { throw UnsupportedVariant("cast to \(type) is not supported") }
        target = dtype
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let dtype = target ?? (inputs.count > 1 ? inputs[1].dtype : nil)
        var fact = ValueFact(dtype: dtype, shape: inputs.first?.shape)
        if dtype == .int64, let dims = inputs.first?.symbolic { fact.symbolic = dims }
        return [fact]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let dtype = try target ?? inputs.required(1).dtype
        return [try Conversion.cast(x, to: dtype)]
    }
}
