/// A fixed-capacity max-heap of (squared distance, index) pairs that keeps the `capacity` smallest ones seen,
/// working on caller-owned storage so many heaps can live in one buffer without allocation.
///
/// Pairs are ordered by distance, then by index, so the kept set and its order are deterministic under ties.
struct BoundedHeap {
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Int32>
    let capacity: Int
    private(set) var count: Int

    /// A heap over `capacity` slots of `keys` and `values`, initially empty.
    init(keys: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Int32>, capacity: Int, count: Int = 0) {
        self.keys = keys
        self.values = values
        self.capacity = capacity
        self.count = count
    }

    /// Whether (key, value) would be kept.
    @inline(__always)
    func accepts(_ key: Float, _ value: Int32) -> Bool {
        count < capacity || key < keys[0] || (key == keys[0] && value < values[0])
    }

    /// Offers a pair; it is kept if the heap is not full or it is smaller than the largest kept pair.
    @inline(__always)
    mutating func offer(_ key: Float, _ value: Int32) {
        guard capacity > 0 else { return }
        if count < capacity {
            var i = count
            count += 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.less(keys[parent], values[parent], key, value) else { break }
                keys[i] = keys[parent]; values[i] = values[parent]
                i = parent
            }
            keys[i] = key; values[i] = value
        } else if accepts(key, value) {
            siftDown(from: 0, key, value)
        }
    }

    /// Places (key, value) at slot `start` and restores the heap order below it.
    @inline(__always)
    private mutating func siftDown(from start: Int, _ key: Float, _ value: Int32) {
        var i = start
        while true {
            let l = 2 * i + 1
            if l >= count { break }
            var c = l
            let r = l + 1
            if r < count && Self.less(keys[l], values[l], keys[r], values[r]) { c = r }
            guard Self.less(key, value, keys[c], values[c]) else { break }
            keys[i] = keys[c]; values[i] = values[c]
            i = c
        }
        keys[i] = key; values[i] = value
    }

    /// Sorts the kept pairs ascending in place (the heap is no longer a heap afterwards).
    mutating func sortAscending() {
        var n = count
        while n > 1 {
            n -= 1
            let k = keys[n], v = values[n]
            keys[n] = keys[0]; values[n] = values[0]
            let saved = count
            count = n
            siftDown(from: 0, k, v)
            count = saved
        }
    }

    @inline(__always)
    static func less(_ k1: Float, _ v1: Int32, _ k2: Float, _ v2: Int32) -> Bool { k1 < k2 || (k1 == k2 && v1 < v2) }
}
