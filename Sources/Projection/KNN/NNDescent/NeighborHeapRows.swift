/// Rows of fixed-capacity max-heaps of (key, index) pairs with a per-slot flag, in flat caller-owned buffers: the
/// neighbour lists and candidate lists of NN-descent.
///
/// Unlike `BoundedHeap` a push refuses an index already in the row, and every slot carries a flag ("new": not yet
/// joined) that moves with its pair. Pairs are ordered by key, then index, so which pairs a row keeps does not
/// depend on the order they were pushed in (the property that makes the parallel updates deterministic).
struct NeighborHeapRows {
    /// Squared distances (or priorities), `rows × capacity`, each row a max-heap; empty slots hold +∞.
    var keys: [Float]
    /// Indices of the pairs (−1 in empty slots).
    var indices: [Int32]
    /// Per-slot flags (1: new).
    var flags: [UInt8]
    let rows: Int
    let capacity: Int

    /// `rows` empty rows of `capacity` slots.
    init(rows: Int, capacity: Int, flagged: Bool) {
        self.rows = rows
        self.capacity = capacity
        keys = .init(repeating: .infinity, count: rows * capacity)
        indices = .init(repeating: -1, count: rows * capacity)
        flags = flagged ? .init(repeating: 0, count: rows * capacity) : []
    }

    /// Empties every row.
    mutating func clear() {
        keys.withUnsafeMutableBufferPointer { $0.update(repeating: .infinity) }
        indices.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
    }

    /// Raw pointers to the buffers, for the parallel loops (each worker writes only rows it owns).
    struct Pointers: @unchecked Sendable {
        let keys: UnsafeMutablePointer<Float>
        let indices: UnsafeMutablePointer<Int32>
        let flags: UnsafeMutablePointer<UInt8>?
        let capacity: Int

        /// The largest kept key of `row` (+∞ while the row is not full).
        @inline(__always)
        func threshold(_ row: Int) -> Float { keys[row * capacity] }

        /// Pushes (key, index) into `row` unless it is not smaller than the row's largest pair or already there;
        /// returns whether it was kept.
        @inline(__always)
        func push(_ row: Int, _ key: Float, _ index: Int32, flag: UInt8 = 1) -> Bool {
            let k = keys + row * capacity, v = indices + row * capacity
            guard less(key, index, k[0], v[0]) else { return false }
            if contains(v, index) { return false }
            let f = flags.map { $0 + row * capacity }
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= capacity { break }
                var c = l
                let r = l + 1
                if r < capacity && less(k[l], v[l], k[r], v[r]) { c = r }
                guard less(key, index, k[c], v[c]) else { break }
                k[i] = k[c]; v[i] = v[c]
                if let f { f[i] = f[c] }
                i = c
            }
            k[i] = key; v[i] = index
            if let f { f[i] = flag }
            return true
        }

        /// Whether the row at `v` holds `index` (eight slots at a time).
        @inline(__always)
        func contains(_ v: UnsafeMutablePointer<Int32>, _ index: Int32) -> Bool {
            var s = 0
            let wanted = SIMD8<Int32>(repeating: index)
            while s + 8 <= capacity {
                let lanes = UnsafeRawPointer(v + s).loadUnaligned(as: SIMD8<Int32>.self)
                if any(lanes .== wanted) { return true }
                s += 8
            }
            while s < capacity { if v[s] == index { return true }; s += 1 }
            return false
        }

        @inline(__always)
        func less(_ k1: Float, _ v1: Int32, _ k2: Float, _ v2: Int32) -> Bool { k1 < k2 || (k1 == k2 && v1 < v2) }
    }

    /// Runs `body` with pointers to the buffers.
    mutating func withPointers<R>(_ body: (Pointers) -> R) -> R {
        let capacity = capacity
        return keys.withUnsafeMutableBufferPointer { kb in
            indices.withUnsafeMutableBufferPointer { ib in
                flags.withUnsafeMutableBufferPointer { fb in
                    body(Pointers(keys: kb.baseAddress!, indices: ib.baseAddress!,
                                  flags: fb.isEmpty ? nil : fb.baseAddress!, capacity: capacity))
                }
            }
        }
    }
}
