import Tensors

/// Elementwise kernels over broadcast operands, reusing a donated input's buffer when it has the output's shape.
enum Elementwise {
    /// A fresh array of `count` elements filled by `body` (every element must be written).
    @inline(__always)
    static func array<T>(count: Int, _ body: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buf, n in
            body(buf)
            n = count
        }
    }

    /// `f(a, b)` for two float32 inputs, in place when one of them is donated and has the output's shape.
    @inline(__always)
    static func floats(_ inputs: inout KernelInputs, _ f: (Float, Float) -> Float) throws -> Tensor {
        let a = try inputs.required(0), b = try inputs.required(1)
        let loop = try BroadcastLoop([a.shape, b.shape])
        let aShape = a.shape, bShape = b.shape
        if aShape == loop.outShape, var out = inputs.takeFloatBuffer(0, count: loop.count) {
            let y = inputs.values[1]!.floats!
            out.withUnsafeMutableBufferPointer { o in
                y.withUnsafeBufferPointer { yb in BroadcastLoop.map2(loop, UnsafeBufferPointer(o), yb, o, f) }
            }
            return try Tensor(shape: loop.outShape, floats: out)
        }
        if bShape == loop.outShape, var out = inputs.takeFloatBuffer(1, count: loop.count) {
            let x = inputs.values[0]!.floats!
            out.withUnsafeMutableBufferPointer { o in
                x.withUnsafeBufferPointer { xb in BroadcastLoop.map2(loop, xb, UnsafeBufferPointer(o), o, f) }
            }
            return try Tensor(shape: loop.outShape, floats: out)
        }
        let x = a.floats!, y = b.floats!
        let out: [Float] = array(count: loop.count) { o in
            x.withUnsafeBufferPointer { xb in y.withUnsafeBufferPointer { yb in BroadcastLoop.map2(loop, xb, yb, o, f) } }
        }
        return try Tensor(shape: loop.outShape, floats: out)
    }

    /// `f(a, b)` for two arrays under broadcasting, into a fresh array.
    @inline(__always)
    static func map<A, B, R>(_ a: [A], _ aShape: [Int], _ b: [B], _ bShape: [Int],
                             _ f: (A, B) -> R) throws -> (values: [R], shape: [Int]) {
        let loop = try BroadcastLoop([aShape, bShape])
        let out: [R] = array(count: loop.count) { o in
            a.withUnsafeBufferPointer { ab in b.withUnsafeBufferPointer { bb in BroadcastLoop.map2(loop, ab, bb, o, f) } }
        }
        return (out, loop.outShape)
    }

    /// `f(x)` for a float32 input, in place when it is donated.
    @inline(__always)
    static func unaryFloats(_ inputs: inout KernelInputs, _ f: (Float) -> Float) throws -> Tensor {
        let shape = try inputs.required(0).shape
        let count = inputs.values[0]!.count
        if var out = inputs.takeFloatBuffer(0, count: count) {
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<o.count { o[i] = f(o[i]) }
            }
            return try Tensor(shape: shape, floats: out)
        }
        let x = inputs.values[0]!.floats!
        let out: [Float] = array(count: count) { o in
            x.withUnsafeBufferPointer { xb in for i in 0..<xb.count { o[i] = f(xb[i]) } }
        }
        return try Tensor(shape: shape, floats: out)
    }

    /// `f(x)` elementwise over any array.
    @inline(__always)
    static func unary<A, R>(_ a: [A], _ f: (A) -> R) -> [R] {
        array(count: a.count) { o in
            a.withUnsafeBufferPointer { ab in for i in 0..<ab.count { o[i] = f(ab[i]) } }
        }
    }
}

// MARK: - Integer arithmetic that never traps

extension FixedWidthInteger {
    /// Division truncating toward zero; 0 for a zero divisor and wrapping on overflow.
    @inline(__always) func safeDivided(by d: Self) -> Self { d == 0 ? 0 : dividedReportingOverflow(by: d).partialValue }
    /// The C remainder (sign of the dividend); 0 for a zero divisor.
    @inline(__always) func safeRemainder(_ d: Self) -> Self { d == 0 ? 0 : remainderReportingOverflow(dividingBy: d).partialValue }
    /// The Python remainder (sign of the divisor); 0 for a zero divisor.
    @inline(__always) func floorModulo(_ d: Self) -> Self {
        let r = safeRemainder(d)
        return r != 0 && ((r < 0) != (d < 0)) ? r &+ d : r
    }
}

extension BinaryFloatingPoint {
    /// This value as an integer of type `I`, truncated toward zero and saturated; NaN becomes 0.
    @inline(__always) func saturatingInteger<I: FixedWidthInteger>(_: I.Type = I.self) -> I {
        if isNaN { return 0 }
        if self >= Self(I.max) { return I.max }
        if self <= Self(I.min) { return I.min }
        return I(self.rounded(.towardZero))
    }
}
