import Tensors

/// Where: `condition ? x : y`, all three broadcast together.
struct WhereOp: Operator {
    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        [ValueFact(dtype: inputs.count > 1 ? inputs[1].dtype : nil, shape: Broadcast.dims(inputs.map(\.shape)))]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let c = try inputs.required(0), x = try inputs.required(1), y = try inputs.required(2)
        guard let cond = c.bools else { throw KernelError("the condition must be bool, not \(c.dtype.rawValue)") }
        let loop = try BroadcastLoop([c.shape, x.shape, y.shape])
        func select<T>(_ a: [T], _ b: [T]) -> [T] {
            Elementwise.array(count: loop.count) { o in
                cond.withUnsafeBufferPointer { cb in
                    a.withUnsafeBufferPointer { ab in
                        b.withUnsafeBufferPointer { bb in BroadcastLoop.map3(loop, cb, ab, bb, o) { $0 ? $1 : $2 } }
                    }
                }
            }
        }
        let storage: TensorStorage
        switch (x.storage, y.storage) {
        case (.float32(let a), .float32(let b)): storage = .float32(select(a, b))
        case (.float64(let a), .float64(let b)): storage = .float64(select(a, b))
        case (.int64(let a), .int64(let b)): storage = .int64(select(a, b))
        case (.int32(let a), .int32(let b)): storage = .int32(select(a, b))
        case (.uint8(let a), .uint8(let b)): storage = .uint8(select(a, b))
        case (.bool(let a), .bool(let b)): storage = .bool(select(a, b))
        default: throw KernelError("x and y have different element types (\(x.dtype.rawValue) and \(y.dtype.rawValue))")
        }
        return [try Tensor(shape: loop.outShape, storage: storage)]
    }
}
