#if canImport(Glibc)
import Glibc
#endif

/// Keeps large buffers in the process heap between runs.
///
/// glibc serves every allocation over 32 MB with a fresh `mmap` and returns it to the kernel on free, so each run
/// of a large batch pays for zeroing and faulting in every page of its intermediate values again (for a 10,000-image
/// convolutional encoder that was a third of the run). Serving them from the heap and not trimming it lets the next
/// run reuse the same memory, as onnxruntime's arena does; the cost is that the process keeps its peak heap size.
enum AllocatorTuning {
    /// Applies the settings once per process (the first model load); false where there is no glibc `mallopt`.
    static let applied: Bool = {
        #if canImport(Glibc)
        // mallopt is not in Swift's Glibc module (malloc.h); look it up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapMax: Int32 = -4, trimThreshold: Int32 = -1  // M_MMAP_MAX, M_TRIM_THRESHOLD in malloc.h
        return mallopt(mmapMax, 0) == 1 && mallopt(trimThreshold, Int32.max) == 1
        #else
        return false
        #endif
    }()
}
