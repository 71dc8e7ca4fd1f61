/// Pointer access that stays valid for empty arrays (whose buffers may have no base address).
extension Array {
    /// Calls `body` with a pointer to the elements; for an empty array the pointer refers to no element.
    @inline(__always)
    func withBase<R>(_ body: (UnsafePointer<Element>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { return try body(base) }
            return try withUnsafeTemporaryAllocation(of: Element.self, capacity: 1) { tmp in
                try body(UnsafePointer(tmp.baseAddress!))
            }
        }
    }

    /// Calls `body` with a mutable pointer to the elements; for an empty array the pointer refers to no element.
    @inline(__always)
    mutating func withMutableBase<R>(_ body: (UnsafeMutablePointer<Element>) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { buf in
            if let base = buf.baseAddress { return try body(base) }
            return try withUnsafeTemporaryAllocation(of: Element.self, capacity: 1) { tmp in
                try body(tmp.baseAddress!)
            }
        }
    }
}

/// A fresh float array of `count` elements whose contents `body` must fully write.
@inline(__always)
func uninitializedFloats(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> Void) rethrows -> [Float] {
    try [Float](unsafeUninitializedCapacity: count) { buf, n in
        if let base = buf.baseAddress {
            try body(base)
        } else {
            try withUnsafeTemporaryAllocation(of: Float.self, capacity: 1) { try body($0.baseAddress!) }
        }
        n = count
    }
}
