import Foundation
@testable import ONNX
import Tensors
import XCTest

/// The chunked, threaded transposed convolution against a direct scatter loop, over random geometries (1-D, 2-D,
/// 3-D, groups, strides, dilations, asymmetric pads, output padding), one image per chunk and several, one worker
/// and two.
final class ConvTransposeKernelTests: XCTestCase {
    /// Every input value times every kernel tap, added at the output position it reaches.
    private func reference(x: [Float], n: Int, c: Int, w: [Float], m: Int, bias: [Float], group: Int,
                           g: WindowGeometry, activation: Activation) -> [Float] {
        let cg = c / group, mg = m / group, rank = g.input.count
        let outStrides = contiguousStrides(g.output)
        var y = [Float](repeating: 0, count: n * m * g.outputCount)
        for b in 0..<n { for oc in 0..<m { for o in 0..<g.outputCount { y[(b * m + oc) * g.outputCount + o] = bias[oc] } } }
        for b in 0..<n { for ic in 0..<c {
            let gi = ic / cg
            for i in 0..<g.inputCount {
                var ipos = [Int](repeating: 0, count: rank), r = i
                for d in stride(from: rank - 1, through: 0, by: -1) { ipos[d] = r % g.input[d]; r /= g.input[d] }
                for k in 0..<g.kernelCount {
                    var kpos = [Int](repeating: 0, count: rank), q = k
                    for d in stride(from: rank - 1, through: 0, by: -1) { kpos[d] = q % g.kernel[d]; q /= g.kernel[d] }
                    var offset = 0, inside = true
                    for d in 0..<rank {
                        let p = ipos[d] * g.strides[d] + kpos[d] * g.dilations[d] - g.padBegin[d]
                        if p < 0 || p >= g.output[d] { inside = false }
                        offset += p * outStrides[d]
                    }
                    guard inside else { continue }
                    for oc in 0..<mg {
                        let channel = gi * mg + oc
                        y[(b * m + channel) * g.outputCount + offset] +=
                            x[(b * c + ic) * g.inputCount + i] * w[(ic * mg + oc) * g.kernelCount + k]
                    }
                }
            }
        } }
        return y.map { activation($0) }
    }

    func testKernelAgreesWithReference() {
        var r = TestRandom(seed: 23)
        for trial in 0..<40 {
            let rank = 1 + trial % 3
            let group = [1, 1, 2][trial % 3]
            let c = group * (1 + Int(r.next() % 3)), m = group * (1 + Int(r.next() % 3)), n = 1 + Int(r.next() % 5)
            let input = (0..<rank).map { _ in 2 + Int(r.next() % (rank == 3 ? 3 : 6)) }
            let kernel = (0..<rank).map { _ in 1 + Int(r.next() % 4) }
            let strides = (0..<rank).map { _ in 1 + Int(r.next() % 2) }
            let dilations = (0..<rank).map { _ in 1 + Int(r.next() % 2) }
            let padBegin = (0..<rank).map { _ in Int(r.next() % 2) }, padEnd = (0..<rank).map { _ in Int(r.next() % 2) }
            let extra = (0..<rank).map { strides[$0] > 1 ? Int(r.next() % 2) : 0 }
            let output = (0..<rank).map { (d: Int) -> Int in
                let span: Int = (input[d] - 1) * strides[d] + (kernel[d] - 1) * dilations[d] + 1
                return span + extra[d] - padBegin[d] - padEnd[d]
            }
            guard output.allSatisfy({ $0 > 0 }) else { continue }
            let g = WindowGeometry(input: input, kernel: kernel, strides: strides, dilations: dilations,
                                   padBegin: padBegin, padEnd: padEnd, output: output)
            let x = r.floats(n * c * g.inputCount), w = r.floats(c * (m / group) * g.kernelCount), bias = r.floats(m)
            let activation = trial % 2 == 0 ? Activation.leakyRelu(alpha: 0.2) : .sigmoid
            let expected = reference(x: x, n: n, c: c, w: w, m: m, bias: bias, group: group, g: g, activation: activation)
            // Budgets for one image per chunk and for every image in one chunk; one worker and two.
            for budget in [1, 1 << 19] {
                for workers in [1, 2] {
                    let y = ConvTransposeKernel.forward(x: x, batch: n, channels: c, w: w, outChannels: m, bias: bias,
                                                        group: group, geometry: g, activation: activation,
                                                        workers: workers, budget: budget)
                    assertClose(y, expected, atol: 1e-4, rtol: 1e-4)
                }
            }
        }
    }
}
