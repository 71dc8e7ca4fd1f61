import Foundation
@testable import ONNX
import XCTest

/// The eight-lane exp, logistic and tanh and the activations' vector paths against the scalar libm functions
/// (`Activation.callAsFunction`), over a wide range of arguments: tiny, moderate, beyond exp's range, infinities
/// and NaN, at every count around the eight-lane blocks.
final class VectorExpTests: XCTestCase {
    /// Arguments from −200 to 200 on a log scale both ways, plus zeros, infinities and NaN.
    private var arguments: [Float] {
        var values: [Float] = [0, -0, .infinity, -.infinity, .nan, 88, -88, 87.9, -87.3, 1e-8, -1e-8, 0.0039, -0.0039]
        var magnitude: Float = 1e-6
        while magnitude < 200 {
            values += [magnitude, -magnitude]
            magnitude *= 1.07
        }
        return values
    }

    private func lanes(_ values: [Float], _ f: (VectorExp.Lanes) -> VectorExp.Lanes) -> [Float] {
        var out: [Float] = []
        var i = 0
        while i < values.count {
            var v = VectorExp.Lanes(repeating: 0)
            for j in 0..<8 where i + j < values.count { v[j] = values[i + j] }
            let y = f(v)
            for j in 0..<8 where i + j < values.count { out.append(y[j]) }
            i += 8
        }
        return out
    }

    func testExpAgreesWithLibmInsideItsRange() {
        let x = arguments.filter { $0.isNaN || abs($0) <= 87 }
        let y = lanes(x, VectorExp.exp)
        for (a, e) in zip(y, x.map { Foundation.exp($0) }) where !(a.isNaN && e.isNaN) {
            XCTAssertLessThanOrEqual(abs(a - e), 3e-7 * abs(e) + 1e-37, "exp: \(a) vs \(e)")
        }
        XCTAssertTrue(lanes([.nan], VectorExp.exp)[0].isNaN)
    }

    func testActivationsAgreeWithScalarFunctions() {
        let x = arguments
        let activations: [Activation] = [.relu, .leakyRelu(alpha: 0.2), .sigmoid, .tanh, .silu, .elu(alpha: 1)]
        for activation in activations {
            for offset: Float in [0, 0.75] {
                // Every count from 0 to 19 exercises the lane blocks and their tails; then the whole range.
                for count in Array(0..<20) + [x.count] {
                    let input = Array(x.prefix(count))
                    let expected = input.map { activation($0 + offset) }
                    var out = [Float](repeating: -7, count: count)
                    input.withUnsafeBufferPointer { src in
                        out.withUnsafeMutableBufferPointer { dst in
                            if count > 0 { activation.copy(src.baseAddress!, to: dst.baseAddress!, count: count, adding: offset) }
                        }
                    }
                    for (i, (a, e)) in zip(out, expected).enumerated() {
                        if e.isNaN { XCTAssertTrue(a.isNaN, "\(activation)(\(input[i])) gave \(a), not NaN"); continue }
                        if a == e { continue }  // infinities
                        XCTAssertLessThanOrEqual(abs(a - e), 1e-6 + 1e-5 * abs(e), "\(activation)(\(input[i]) + \(offset)): \(a) vs \(e)")
                    }
                }
            }
        }
    }
}
