/// numpy-style multidirectional broadcasting: shapes, inferred dimensions and a loop plan that visits the
/// output in contiguous rows.
enum Broadcast {
    /// The broadcast shape of several shapes, or a kernel error naming them.
    static func shape(_ shapes: [[Int]]) throws -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var out = Array(repeating: 1, count: rank)
        for s in shapes {
            let offset = rank - s.count
            for (i, d) in s.enumerated() {
                let o = out[offset + i]
                if o == d || d == 1 { continue }
                guard o == 1 else {
                    throw KernelError("shapes \(shapes.map { "\($0)" }.joined(separator: " and ")) cannot be broadcast together")
                }
                out[offset + i] = d
            }
        }
        return out
    }

    static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        if a == b { return a }
        return try shape([a, b])
    }

    /// The broadcast shape of symbolic shapes; nil when any rank is unknown.
    static func dims(_ shapes: [[Dim]?]) -> [Dim]? {
        var known: [[Dim]] = []
        for s in shapes { guard let s else { return nil }; known.append(s) }
        let rank = known.map(\.count).max() ?? 0
        var out = Array(repeating: Dim.known(1), count: rank)
        for s in known {
            let offset = rank - s.count
            for (i, d) in s.enumerated() {
                let o = out[offset + i]
                switch (o, d) {
                case (_, .known(1)): continue
                case (.known(1), _): out[offset + i] = d
                case (.known(let x), .known(let y)) where x == y: continue
                case (.symbol(let x), .symbol(let y)) where x == y: continue
                case (.known, _): continue  // a number wins over a symbol or unknown (anything else is an error at run time)
                case (_, .known): out[offset + i] = d
                default: out[offset + i] = .unknown
                }
            }
        }
        return out
    }
}

/// A plan for visiting a broadcast output row by row, each row contiguous in the output with every input either
/// contiguous (stride 1) or repeated (stride 0) along it.
struct BroadcastLoop {
    let outShape: [Int]
    let count: Int
    /// Collapsed outer dimensions (the last collapsed dimension is the row).
    private let dims: [Int]
    /// Per input, the element stride along each collapsed dimension.
    private let strides: [[Int]]
    /// The length of a row.
    let rowLength: Int
    /// Per input, 1 when it advances along the row, 0 when it repeats one element.
    let rowStrides: [Int]

    init(_ shapes: [[Int]]) throws {
        let out = try Broadcast.shape(shapes)
        outShape = out
        count = try resultCount(out)
        let rank = out.count
        // Per-input strides aligned to the output rank; 0 where the input is broadcast.
        var full: [[Int]] = shapes.map { s in
            var st = Array(repeating: 0, count: rank)
            var acc = 1
            for i in stride(from: s.count - 1, through: 0, by: -1) {
                let oi = rank - s.count + i
                st[oi] = s[i] == 1 ? 0 : acc
                acc *= s[i]
            }
            return st
        }
        // Drop dimensions of extent 1, then merge neighbours that every input walks the same way.
        var keptDims: [Int] = []
        var keptStrides: [[Int]] = Array(repeating: [], count: shapes.count)
        for i in 0..<rank where out[i] != 1 {
            if let last = keptDims.last {
                let mergeable = full.indices.allSatisfy { k in
                    let outer = keptStrides[k].last!, inner = full[k][i]
                    return outer == inner * out[i]
                }
                if mergeable {
                    keptDims[keptDims.count - 1] = last * out[i]
                    for k in full.indices { keptStrides[k][keptStrides[k].count - 1] = full[k][i] }
                    continue
                }
            }
            keptDims.append(out[i])
            for k in full.indices { keptStrides[k].append(full[k][i]) }
        }
        if keptDims.isEmpty {
            keptDims = [1]
            for k in full.indices { keptStrides[k] = [0] }
        }
        full = []
        dims = keptDims
        strides = keptStrides
        rowLength = keptDims.last!
        rowStrides = keptStrides.map { $0.last! == 0 ? 0 : 1 }
        // A row stride other than 0 or 1 cannot happen: the innermost kept dimension is contiguous in every input
        // that does not repeat along it.
    }

    /// Calls `body(inputOffsets, outputOffset)` for every row of the output.
    func forEachRow(_ body: (_ offsets: UnsafeMutableBufferPointer<Int>, _ outOffset: Int) -> Void) {
        guard count > 0 else { return }
        let inputs = strides.count
        let outer = dims.count - 1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: inputs) { offsets in
            for k in 0..<inputs { offsets[k] = 0 }
            if outer == 0 { body(offsets, 0); return }
            var index = Array(repeating: 0, count: outer)
            var outOffset = 0
            while true {
                body(offsets, outOffset)
                outOffset += rowLength
                // Odometer over the outer dimensions.
                var d = outer - 1
                while d >= 0 {
                    index[d] += 1
                    for k in 0..<inputs { offsets[k] += strides[k][d] }
                    if index[d] < dims[d] { break }
                    for k in 0..<inputs { offsets[k] -= strides[k][d] * dims[d] }
                    index[d] = 0
                    d -= 1
                }
                if d < 0 { return }
            }
        }
    }
}

// MARK: - Binary and ternary maps

extension BroadcastLoop {
    /// `out[i] = f(a[i], b[i])` under broadcasting, writing into `out` (which must hold `count` elements).
    @inline(__always)
    static func map2<A, B, R>(_ loop: BroadcastLoop, _ a: UnsafeBufferPointer<A>, _ b: UnsafeBufferPointer<B>,
                              _ out: UnsafeMutableBufferPointer<R>, _ f: (A, B) -> R) {
        let n = loop.rowLength
        let sa = loop.rowStrides[0], sb = loop.rowStrides[1]
        guard let pa = a.baseAddress, let pb = b.baseAddress, let po = out.baseAddress else { return }
        loop.forEachRow { off, o in
            let x = pa + off[0], y = pb + off[1], z = po + o
            if sa == 1 && sb == 1 {
                for i in 0..<n { z[i] = f(x[i], y[i]) }
            } else if sa == 1 {
                let v = y[0]
                for i in 0..<n { z[i] = f(x[i], v) }
            } else if sb == 1 {
                let u = x[0]
                for i in 0..<n { z[i] = f(u, y[i]) }
            } else {
                let r = f(x[0], y[0])
                for i in 0..<n { z[i] = r }
            }
        }
    }

    /// `out[i] = f(a[i], b[i], c[i])` under broadcasting.
    @inline(__always)
    static func map3<A, B, C, R>(_ loop: BroadcastLoop, _ a: UnsafeBufferPointer<A>, _ b: UnsafeBufferPointer<B>,
                                 _ c: UnsafeBufferPointer<C>, _ out: UnsafeMutableBufferPointer<R>, _ f: (A, B, C) -> R) {
        let n = loop.rowLength
        let sa = loop.rowStrides[0], sb = loop.rowStrides[1], sc = loop.rowStrides[2]
        guard let pa = a.baseAddress, let pb = b.baseAddress, let pc = c.baseAddress, let po = out.baseAddress else { return }
        loop.forEachRow { off, o in
            let x = pa + off[0], y = pb + off[1], w = pc + off[2], z = po + o
            for i in 0..<n { z[i] = f(x[i * sa], y[i * sb], w[i * sc]) }
        }
    }
}
