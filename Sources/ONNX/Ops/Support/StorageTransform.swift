import Tensors

/// A rearrangement of elements that does not depend on their type (gathers, copies, concatenation).
protocol StorageTransform {
    func apply<T>(_ a: [T]) -> [T]
}

extension TensorStorage {
    /// The storage with `transform` applied to its elements, whatever their type.
    func transformed<F: StorageTransform>(_ transform: F) -> TensorStorage {
        switch self {
        case .float32(let a): return .float32(transform.apply(a))
        case .float64(let a): return .float64(transform.apply(a))
        case .int64(let a): return .int64(transform.apply(a))
        case .int32(let a): return .int32(transform.apply(a))
        case .uint8(let a): return .uint8(transform.apply(a))
        case .bool(let a): return .bool(transform.apply(a))
        }
    }

    /// Elements picked by source index: `out[i] = self[indices[i]]`.
    func gathered(_ indices: [Int]) -> TensorStorage {
        struct Pick: StorageTransform {
            let indices: [Int]
            func apply<T>(_ a: [T]) -> [T] {
                a.withUnsafeBufferPointer { src in
                    Elementwise.array(count: indices.count) { o in
                        indices.withUnsafeBufferPointer { idx in for i in 0..<idx.count { o[i] = src[idx[i]] } }
                    }
                }
            }
        }
        return transformed(Pick(indices: indices))
    }

    /// Copies of runs: `out = concat over k of self[starts[k] ..< starts[k] + length]`, each run `length` long.
    func runs(starts: [Int], length: Int) -> TensorStorage {
        struct Runs: StorageTransform {
            let starts: [Int], length: Int
            func apply<T>(_ a: [T]) -> [T] {
                a.withUnsafeBufferPointer { src in
                    Elementwise.array(count: starts.count * length) { o in
                        guard length > 0, let s = src.baseAddress, let d = o.baseAddress else { return }
                        for (k, start) in starts.enumerated() {
                            (d + k * length).initialize(from: s + start, count: length)
                        }
                    }
                }
            }
        }
        return transformed(Runs(starts: starts, length: length))
    }

    /// The element at `index` as a one-element storage.
    func element(_ index: Int) -> TensorStorage { runs(starts: [index], length: 1) }

    /// `count` copies of a one-element storage.
    func repeated(_ count: Int) -> TensorStorage {
        runs(starts: Array(repeating: 0, count: count), length: 1)
    }
}

/// Concatenates storages of one type; nil when the types differ.
func concatenateStorages(_ parts: [TensorStorage]) -> TensorStorage? {
    guard let first = parts.first else { return nil }
    switch first {
    case .float32: return .float32(parts.flatMap { if case .float32(let a) = $0 { return a } else { return [] } })
    case .float64: return .float64(parts.flatMap { if case .float64(let a) = $0 { return a } else { return [] } })
    case .int64: return .int64(parts.flatMap { if case .int64(let a) = $0 { return a } else { return [] } })
    case .int32: return .int32(parts.flatMap { if case .int32(let a) = $0 { return a } else { return [] } })
    case .uint8: return .uint8(parts.flatMap { if case .uint8(let a) = $0 { return a } else { return [] } })
    case .bool: return .bool(parts.flatMap { if case .bool(let a) = $0 { return a } else { return [] } })
    }
}

/// Row-major strides of a shape.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    var acc = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = acc
        acc *= shape[i]
    }
    return strides
}

/// Source indices of a strided view: for every output position (row-major over `shape`), `offset + Σ idx·stride`.
func stridedIndices(shape: [Int], strides: [Int], offset: Int = 0) -> [Int] {
    let count = shape.reduce(1, *)
    guard count > 0 else { return [] }
    var out = [Int](repeating: 0, count: count)
    let rank = shape.count
    if rank == 0 { out[0] = offset; return out }
    var index = [Int](repeating: 0, count: rank)
    var src = offset
    let last = rank - 1
    let innerStride = strides[last], innerCount = shape[last]
    var o = 0
    out.withUnsafeMutableBufferPointer { dst in
        while o < count {
            var s = src
            for _ in 0..<innerCount { dst[o] = s; s += innerStride; o += 1 }
            var d = last - 1
            while d >= 0 {
                index[d] += 1
                src += strides[d]
                if index[d] < shape[d] { break }
                src -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
            if d < 0 { break }
        }
    }
    return out
}

extension TensorStorage {
    /// Copies of runs of varying length: `out = concat over k of self[segments[k].start ..< start + length]`.
    func segments(_ segments: [(start: Int, length: Int)]) -> TensorStorage {
        struct Segments: StorageTransform {
            let segments: [(start: Int, length: Int)]
            func apply<T>(_ a: [T]) -> [T] {
                let total = segments.reduce(0) { $0 + $1.length }
                return a.withUnsafeBufferPointer { src in
                    Elementwise.array(count: total) { o in
                        guard let s = src.baseAddress, let d = o.baseAddress else { return }
                        var at = 0
                        for seg in segments where seg.length > 0 {
                            (d + at).initialize(from: s + seg.start, count: seg.length)
                            at += seg.length
                        }
                    }
                }
            }
        }
        return transformed(Segments(segments: segments))
    }

    /// Elements picked by source index, where a negative index stands for the one element of `fill`.
    func gathered(_ indices: [Int], fill: TensorStorage) -> TensorStorage {
        let joined = concatenateStorages([self, fill.element(0)]) ?? self
        let padIndex = count
        return joined.gathered(indices.map { $0 < 0 ? padIndex : $0 })
    }
}
