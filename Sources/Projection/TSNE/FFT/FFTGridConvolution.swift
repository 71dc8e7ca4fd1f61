import Foundation
import Tensors

/// The convolution of four real charge grids with the kernel 1/(1 + d²)², by 2-D FFTs of the grid zero-padded
/// to `length = 2·side` nodes per axis (the interpolation step of `FFTRepulsion`).
///
/// In single precision: half the memory traffic and twice the SIMD lanes of double. The interpolation's own error
/// (about 1e-3 of the forces) is far above float's rounding; the potentials are read back into doubles.
///
/// Storage: the charge grids are `length × side` (node (x, y) at `x·side + y`; only rows below `side` hold
/// charges, the rest is the zero padding of the first axis). Two real grids share one complex grid as its real
/// and imaginary parts; the kernel's transform is real (the kernel is even in both axes), so multiplying by it
/// keeps the two apart. The transforms skip what is known to be zero or not needed: the first axis is transformed
/// in the `length × side` layout (the padding columns are zero on the way in and not read on the way out); the
/// grid is then transposed into `length × length` and the second axis transformed there, where the product with
/// the kernel (symmetric under a transpose) is taken, so each direction needs one transpose of `side × length`
/// values. Every transform runs in blocks of columns; columns never mix, so the result does not depend on the
/// thread count.
final class FFTGridConvolution {
    /// Nodes per axis holding charges, and the padded transform length (`2·side`).
    let side: Int, length: Int
    private let plan: FFTPlan
    private let storage: UnsafeMutablePointer<Float>
    /// Charge grids and, after `convolve`, the potentials: pair 0 in (`re0`, `im0`), pair 1 in (`re1`, `im1`).
    let re0: UnsafeMutablePointer<Float>, im0: UnsafeMutablePointer<Float>
    let re1: UnsafeMutablePointer<Float>, im1: UnsafeMutablePointer<Float>
    /// The transposed `length × length` grid of the pair in work, FFT scratch, and the kernel's transform
    /// (divided by `length²`, the inverse transform's scale).
    private let tRe: UnsafeMutablePointer<Float>, tIm: UnsafeMutablePointer<Float>
    private let scratchRe: UnsafeMutablePointer<Float>, scratchIm: UnsafeMutablePointer<Float>
    private let kernel: UnsafeMutablePointer<Float>
    /// The node spacing of the kernel set last (NaN before the first).
    private(set) var kernelSpacing = Double.nan

    /// A grid of `side` charge nodes per axis; `2·side` must be a product of 2s and 3s.
    init(side: Int) {
        self.side = side
        length = 2 * side
        plan = FFTPlan(length)
        let half = length * side, full = length * length
        let total = 4 * half + 5 * full
        storage = .allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        re0 = storage; im0 = re0 + half; re1 = im0 + half; im1 = re1 + half
        tRe = im1 + half; tIm = tRe + full; scratchRe = tIm + full; scratchIm = scratchRe + full; kernel = scratchIm + full
    }

    deinit { storage.deallocate() }

    /// Clears the four charge grids.
    func clearCharges(threads: Int) {
        let half = length * side
        nonisolated(unsafe) let base = re0
        Parallel.forEachRange(count: 4, threads: threads, grain: 1) { grids in
            (base + grids.lowerBound * half).update(repeating: 0, count: grids.count * half)
        }
    }

    /// Sets the kernel 1/(1 + d²)² for node spacing `spacing` and takes its transform.
    ///
    /// The kernel sits circularly in the padded grid (offset −d at `length − d`, nothing at `side`), so it is
    /// real and even and so is its transform. Two real, even columns transformed as one complex column come out
    /// as its real and imaginary parts, so each axis takes half the transforms: column y is paired with y + side.
    /// Uses the charge grids as workspace: call before setting charges.
    func setKernel(spacing: Double, threads: Int) {
        let (side, length) = (self.side, self.length)
        nonisolated(unsafe) let (a, b, c, d, k) = (re0, im0, re1, im1, kernel)
        @inline(__always) func offset(_ i: Int) -> Int? { i < side ? i : (i > side ? i - length : nil) }
        Parallel.forEachRange(count: length, threads: threads, grain: 32) { rows in
            for x in rows {
                let dx = offset(x)
                for y in 0..<side {
                    var v0: Float = 0, v1: Float = 0
                    if let dx {
                        let dx2 = Double(dx * dx)
                        let q0 = 1 / (1 + spacing * spacing * (dx2 + Double(y * y)))
                        v0 = Float(q0 * q0)
                        if let dy = offset(y + side) {
                            let q1 = 1 / (1 + spacing * spacing * (dx2 + Double(dy * dy)))
                            v1 = Float(q1 * q1)
                        }
                    }
                    a[x * side + y] = v0
                    b[x * side + y] = v1
                }
            }
        }
        transformColumns(a, b, width: side, columns: 0..<side, inverse: false, threads: threads)
        // A[kx][y] is in (a: y < side, b: y ≥ side); pair its rows the same way for the second axis:
        // (c + i·d)[y][kx] = A[kx][y] + i·A[kx + side][y]
        Parallel.forEachRange(count: length, threads: threads, grain: 32) { rows in
            for y in rows {
                let (src, col) = y < side ? (a, y) : (b, y - side)
                for kx in 0..<side {
                    c[y * side + kx] = src[kx * side + col]
                    d[y * side + kx] = src[(kx + side) * side + col]
                }
            }
        }
        transformColumns(c, d, width: side, columns: 0..<side, inverse: false, threads: threads)
        let scale = 1 / Float(length * length)
        kernelSpacing = spacing
        Parallel.forEachRange(count: length, threads: threads, grain: 32) { rows in
            for ky in rows {
                for kx in 0..<side {
                    k[ky * length + kx] = c[ky * side + kx] * scale
                    k[ky * length + kx + side] = d[ky * side + kx] * scale
                }
            }
        }
    }

    /// Replaces both charge pairs by their convolution with the kernel (`setKernel` first).
    func convolve(threads: Int) {
        convolve(re0, im0, threads: threads)
        convolve(re1, im1, threads: threads)
    }

    private func convolve(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, threads: Int) {
        let (side, length) = (self.side, self.length)
        nonisolated(unsafe) let (tr, ti, k) = (tRe, tIm, kernel)
        // first axis, in the narrow layout
        transformColumns(re, im, width: side, columns: 0..<side, inverse: false, threads: threads)
        // transpose into the rows below `side` of the square layout; the rest is the second axis's padding
        Self.transpose(re, im, rows: length, cols: side, sourceWidth: side, into: tr, ti, width: length, threads: threads)
        (tr + side * length).update(repeating: 0, count: (length - side) * length)
        (ti + side * length).update(repeating: 0, count: (length - side) * length)
        transformColumns(tr, ti, width: length, columns: 0..<length, inverse: false, threads: threads)
        Parallel.forEachRange(count: length, threads: threads, grain: 16) { rows in
            for e in (rows.lowerBound * length)..<(rows.upperBound * length) {
                let w = k[e]
                tr[e] *= w
                ti[e] *= w
            }
        }
        transformColumns(tr, ti, width: length, columns: 0..<length, inverse: true, threads: threads)
        // only the rows below `side` (second-axis nodes that hold charges) are needed back
        Self.transpose(tr, ti, rows: side, cols: length, sourceWidth: length, into: re, im, width: side, threads: threads)
        transformColumns(re, im, width: side, columns: 0..<side, inverse: true, threads: threads)
    }

    /// Transforms columns of a `length × width` array in blocks spread over the workers.
    private func transformColumns(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, width: Int,
                                  columns: Range<Int>, inverse: Bool, threads: Int) {
        let block = FFTPlan.blockColumns
        let blocks = (columns.count + block - 1) / block
        nonisolated(unsafe) let (r, i, sr, si) = (re, im, scratchRe, scratchIm)
        let plan = self.plan
        Parallel.forEachRange(count: blocks, threads: threads, grain: 1) { range in
            let lo = columns.lowerBound + range.lowerBound * block
            let hi = min(columns.upperBound, columns.lowerBound + range.upperBound * block)
            plan.transformBlocked(re: r, im: i, width: width, columns: lo..<hi, inverse: inverse,
                                  scratchRe: sr, scratchIm: si)
        }
    }

    /// `dst[c·width + r] = src[r·sourceWidth + c]` for `r < rows`, `c < cols`, real and imaginary parts, in tiles.
    private static func transpose(_ srcRe: UnsafeMutablePointer<Float>, _ srcIm: UnsafeMutablePointer<Float>,
                                  rows: Int, cols: Int, sourceWidth: Int,
                                  into dstRe: UnsafeMutablePointer<Float>, _ dstIm: UnsafeMutablePointer<Float>,
                                  width: Int, threads: Int) {
        let tile = 32
        nonisolated(unsafe) let (ar, ai, br, bi) = (srcRe, srcIm, dstRe, dstIm)
        Parallel.forEachRange(count: (cols + tile - 1) / tile, threads: threads, grain: 1) { tiles in
            for t in tiles {
                let c0 = t * tile, c1 = min(cols, c0 + tile)
                var r0 = 0
                while r0 < rows {
                    let r1 = min(rows, r0 + tile)
                    for c in c0..<c1 {
                        for r in r0..<r1 {
                            br[c * width + r] = ar[r * sourceWidth + c]
                            bi[c * width + r] = ai[r * sourceWidth + c]
                        }
                    }
                    r0 = r1
                }
            }
        }
    }
}
