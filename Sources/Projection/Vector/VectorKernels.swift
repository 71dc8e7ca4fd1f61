/// Small dense kernels on raw buffers, written so the compiler vectorises them.
///
/// Products are written `a * b` then added, not `addingProduct`: without a CPU baseline that has FMA, the latter
/// becomes a library call per lane.
enum VectorKernels {
    /// Σ a[i]·b[i] over `count` doubles, with four independent SIMD accumulators.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        while i + 8 <= count {
            let a0 = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD4<Double>.self)
            let b0 = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD4<Double>.self)
            let a1 = UnsafeRawPointer(a + i + 4).loadUnaligned(as: SIMD4<Double>.self)
            let b1 = UnsafeRawPointer(b + i + 4).loadUnaligned(as: SIMD4<Double>.self)
            s0 += a0 * b0
            s1 += a1 * b1
            i += 8
        }
        var s = (s0 + s1).sum()
        while i < count { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// y[i] += alpha · x[i] over `count` doubles.
    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// Σ (a[i] − b[i])² over `count` floats, accumulated in float with SIMD.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var s0 = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let d = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                - UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            s0 += d * d
            i += 8
        }
        var s = s0.sum()
        while i < count { let d = a[i] - b[i]; s += d * d; i += 1 }
        return s
    }

    /// Σ a[i]² over `count` floats.
    @inline(__always)
    static func squaredNorm(_ a: UnsafePointer<Float>, _ count: Int) -> Float {
        var s0 = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            s0 += v * v
            i += 8
        }
        var s = s0.sum()
        while i < count { s += a[i] * a[i]; i += 1 }
        return s
    }
}
