import Foundation
@testable import ONNX
import Tensors
import XCTest

/// The im2col convolution (both its per-image and its chunked path) against a direct reference loop, over random
/// geometries: 1-D, 2-D and 3-D, groups, strides, dilations, asymmetric pads.
final class ConvKernelTests: XCTestCase {
    /// Direct convolution: every output as the sum over its window.
    private func reference(x: [Float], n: Int, c: Int, w: [Float], m: Int, bias: [Float]?, group: Int, g: WindowGeometry) -> [Float] {
        let cg = c / group, mg = m / group
        let rank = g.input.count
        let inStrides = contiguousStrides(g.input), kStrides = contiguousStrides(g.kernel)
        var y = [Float](repeating: 0, count: n * m * g.outputCount)
        for b in 0..<n { for oc in 0..<m {
            let gi = oc / mg
            for o in 0..<g.outputCount {
                var opos = [Int](repeating: 0, count: rank), r = o
                for d in stride(from: rank - 1, through: 0, by: -1) { opos[d] = r % g.output[d]; r /= g.output[d] }
                var sum = bias?[oc] ?? 0
                for ic in 0..<cg { for k in 0..<g.kernelCount {
                    var kpos = [Int](repeating: 0, count: rank), q = k
                    for d in stride(from: rank - 1, through: 0, by: -1) { kpos[d] = q % g.kernel[d]; q /= g.kernel[d] }
                    var offset = 0, inside = true
                    for d in 0..<rank {
                        let p = opos[d] * g.strides[d] + kpos[d] * g.dilations[d] - g.padBegin[d]
                        if p < 0 || p >= g.input[d] { inside = false }
                        offset += p * inStrides[d]
                    }
                    guard inside else { continue }
                    let xv = x[(b * c + gi * cg + ic) * g.inputCount + offset]
                    var koff = 0
                    for d in 0..<rank { koff += kpos[d] * kStrides[d] }
                    sum += xv * w[(oc * cg + ic) * g.kernelCount + koff]
                } }
                y[(b * m + oc) * g.outputCount + o] = sum
            }
        } }
        return y
    }

    func testKernelAgreesWithReference() throws {
        var r = TestRandom(seed: 11)
        for trial in 0..<40 {
            let rank = 1 + trial % 3
            let group = [1, 1, 2][trial % 3]
            let c = group * (1 + Int(r.next() % 3)), m = group * (1 + Int(r.next() % 3)), n = 1 + Int(r.next() % 4)
            let input = (0..<rank).map { _ in 3 + Int(r.next() % (rank == 3 ? 4 : 7)) }
            let kernel = (0..<rank).map { _ in 1 + Int(r.next() % 3) }
            var attributes = try SpatialAttributes(NodeContext(node: NodeDef(name: "c", opType: "Conv", domain: "", opset: 17,
                                                                           inputs: [], outputs: [], attributes: [:])))
            attributes.strides = (0..<rank).map { _ in 1 + Int(r.next() % 2) }
            attributes.dilations = (0..<rank).map { _ in 1 + Int(r.next() % 2) }
            attributes.pads = (0..<(2 * rank)).map { _ in Int(r.next() % 2) }
            guard let g = try? attributes.geometry(input: input, kernel: kernel) else { continue }
            let x = r.floats(n * c * g.inputCount), w = r.floats(m * (c / group) * g.kernelCount), bias = r.floats(m)
            let expected = reference(x: x, n: n, c: c, w: w, m: m, bias: bias, group: group, g: g)
            let oneChannel = (c / group) * g.kernelCount * g.outputCount
            for (limit, budget) in [(Int.max, 1 << 17), (oneChannel, 1 << 17), (0, 1 << 17), (0, 1)] {
                let y = ConvKernel.forward(x: x, batch: n, channels: c, w: w, outChannels: m, bias: bias, group: group,
                                           geometry: g, activation: nil, serialLimit: limit, budget: budget)
                assertClose(y, expected, atol: 1e-4, rtol: 1e-4)
            }
            // Every unfolding that takes this geometry, not only the one `choose` picks.
            var unfoldings: [ConvKernel.Unfolding] = [.table]
            if rank == 2 { unfoldings.append(.planar) }
            if Im2ColChannelsLast.applies(g, group: group) { unfoldings.append(.channelsLast) }
            for unfolding in unfoldings {
                for limit in [Int.max, 0] {
                    let y = ConvKernel.forward(x: x, batch: n, channels: c, w: w, outChannels: m, bias: bias, group: group,
                                               geometry: g, activation: nil, serialLimit: limit, unfolding: unfolding)
                    assertClose(y, expected, atol: 1e-4, rtol: 1e-4)
                }
            }
        }
    }

    /// The 2-D unfoldings on images wide enough for their four- and eight-lane paths (stride 2 over rows of 8+
    /// floats, channel blocks of four with a remainder), with a fused activation and bias, against the reference.
    func testWideImagesThroughEachUnfolding() throws {
        var r = TestRandom(seed: 12)
        for (c, size, kernel, stride, pad) in [(1, 28, 4, 2, 1), (6, 14, 4, 2, 1), (9, 13, 3, 2, 1), (5, 11, 3, 1, 1),
                                               (4, 9, 3, 3, 0), (8, 10, 2, 2, 2)] {
            let n = 3, m = 7
            let g = WindowGeometry(input: [size, size + 1], kernel: [kernel, kernel], strides: [stride, stride],
                                   dilations: [1, 1], padBegin: [pad, pad], padEnd: [pad, 0],
                                   output: [(size + 2 * pad - kernel) / stride + 1, (size + 1 + pad - kernel) / stride + 1])
            let x = r.floats(n * c * g.inputCount).map { $0 - 0.5 }, w = r.floats(m * c * g.kernelCount).map { $0 - 0.5 }
            let bias = r.floats(m)
            let expected = reference(x: x, n: n, c: c, w: w, m: m, bias: bias, group: 1, g: g).map { $0 < 0 ? 0.2 * $0 : $0 }
            for unfolding in [ConvKernel.Unfolding.table, .planar, .channelsLast] {
                for limit in [Int.max, 0] {
                    let y = ConvKernel.forward(x: x, batch: n, channels: c, w: w, outChannels: m, bias: bias, group: 1, geometry: g,
                                               activation: .leakyRelu(alpha: 0.2), serialLimit: limit, unfolding: unfolding)
                    assertClose(y, expected, atol: 1e-4, rtol: 1e-4)
                }
            }
        }
    }
}
