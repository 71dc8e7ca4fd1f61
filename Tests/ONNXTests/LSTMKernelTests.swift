@testable import ONNX
import Tensors
import XCTest

/// The LSTM's whole-row steps against its element-by-element definition: forward and reverse, with and without
/// biases, clip, input_forget and other activations, from non-zero initial states, the batch in one part and in two.
final class LSTMKernelTests: XCTestCase {
    func testFastStepsAgreeWithTheReference() {
        var r = TestRandom(seed: 31)
        let cases: [(reverse: Bool, bias: Bool, clip: Float?, inputForget: Bool, f: Activation, g: Activation)] = [
            (false, true, nil, false, .sigmoid, .tanh),
            (true, true, nil, false, .sigmoid, .tanh),
            (false, false, 0.5, false, .sigmoid, .tanh),
            (true, true, nil, true, .hardSigmoid(alpha: 0.2, beta: 0.5), .relu),
        ]
        for (k, c) in cases.enumerated() {
            let (seq, batch, hidden, directions) = (5 + k, k == 3 ? 40 : 1 + 2 * k, 3 + k, 2)
            let d = k % directions
            let p = LSTMKernel.Direction(seq: seq, batch: batch, hidden: hidden, index: d, reverse: c.reverse,
                                         f: c.f, g: c.g, h: .tanh, clip: c.clip, inputForget: c.inputForget)
            let xw = r.floats(seq * batch * 4 * hidden)
            let weights = r.floats(directions * 4 * hidden * hidden)
            let bias = c.bias ? r.floats(directions * 8 * hidden) : nil
            let h0 = r.floats(batch * hidden), c0 = r.floats(batch * hidden)
            var (hFast, cFast, hReference, cReference) = (h0, c0, h0, c0)
            // Batches of 1 to 7 entries alone; 40 entries split over two workers.
            let fast = LSTMKernel.fast(p, xw: xw, r: weights, bias: bias, hState: &hFast, cState: &cFast,
                                       workers: k == 3 ? 2 : 1)
            let reference = LSTMKernel.reference(p, xw: xw, r: weights, bias: bias, peep: nil,
                                                 lengths: Array(repeating: seq, count: batch),
                                                 hState: &hReference, cState: &cReference)
            assertClose(fast, reference, atol: 1e-5, rtol: 1e-4)
            assertClose(hFast, hReference, atol: 1e-5, rtol: 1e-4)
            assertClose(cFast, cReference, atol: 1e-5, rtol: 1e-4)
        }
    }
}
