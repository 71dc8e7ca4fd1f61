import Tensors

/// Softmax, LogSoftmax and Hardmax.
///
/// Opset 13 and later normalise along one axis (default -1). Earlier opsets flatten the input to 2-D at `axis`
/// (default 1) and normalise each row of the flattened matrix.
struct SoftmaxOp: Operator {
    enum Kind: Sendable { case softmax, logSoftmax, hardmax }
    let kind: Kind
    let axis: Int
    let flattens: Bool

    init(_ ctx: NodeContext, kind: Kind) throws {
        self.kind = kind
        flattens = ctx.opset < 13
        axis = try ctx.int("axis", default: flattens ? 1 : -1)
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] { sameAsInput(inputs) }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let shape = x.shape
        let a = try normalizeAxis(axis, rank: shape.count)
        // View as [outer, length, inner] and normalise along the middle.
        let outer: Int, length: Int, inner: Int
        if flattens {
            outer = shape[..<a].reduce(1, *); length = shape[a...].reduce(1, *); inner = 1
        } else {
            outer = shape[..<a].reduce(1, *); length = shape.isEmpty ? 1 : shape[a]; inner = shape.count > a ? shape[(a + 1)...].reduce(1, *) : 1
        }
        switch x.storage {
        case .float32:
            var data = inputs.takeFloatBuffer(0, count: x.count) ?? x.floats!
            data.withUnsafeMutableBufferPointer { normalise($0, outer, length, inner) }
            return [try Tensor(shape: shape, floats: data)]
        case .float64(var data):
            data.withUnsafeMutableBufferPointer { normalise($0, outer, length, inner) }
            return [try Tensor(shape: shape, doubles: data)]
        default:
            throw KernelError("element type \(x.dtype.rawValue) is not supported")
        }
    }

    private func normalise<T: FloatElement>(_ p: UnsafeMutableBufferPointer<T>, _ outer: Int, _ length: Int, _ inner: Int) {
        guard length > 0 else { return }
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                var m = -T.infinity
                var argmax = 0
                for k in 0..<length {
                    let v = p[base + k * inner]
                    if v > m || v.isNaN { m = v; argmax = k }
                    if v.isNaN { break }
                }
                switch kind {
                case .hardmax:
                    for k in 0..<length { p[base + k * inner] = k == argmax ? 1 : 0 }
                case .softmax, .logSoftmax:
                    if m == -T.infinity { m = 0 }
                    var sum: T = 0
                    for k in 0..<length {
                        let e = T.exp(p[base + k * inner] - m)
                        if kind == .softmax { p[base + k * inner] = e }
                        sum += e
                    }
                    if kind == .softmax {
                        let inv = 1 / sum
                        for k in 0..<length { p[base + k * inner] *= inv }
                    } else {
                        let shift = m + T.log(sum)
                        for k in 0..<length { p[base + k * inner] -= shift }
                    }
                }
            }
        }
    }
}
