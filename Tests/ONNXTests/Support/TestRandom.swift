import Tensors
import XCTest

/// Deterministic pseudo-random floats for tests.
struct TestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    mutating func float() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

    mutating func floats(_ n: Int) -> [Float] { (0..<n).map { _ in float() } }

    mutating func tensor(_ shape: [Int]) -> Tensor { try! Tensor(shape: shape, floats: floats(shape.reduce(1, *))) }
}

/// Asserts two float arrays agree within `atol + rtol·|expected|` elementwise.
func assertClose(_ actual: [Float], _ expected: [Float], atol: Float = 1e-5, rtol: Float = 1e-4,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard actual.count == expected.count else {
        XCTFail("count \(actual.count) ≠ \(expected.count)", file: file, line: line)
        return
    }
    for i in actual.indices {
        let a = actual[i], e = expected[i]
        if a.isNaN && e.isNaN { continue }
        if abs(a - e) > atol + rtol * abs(e) {
            XCTFail("element \(i): \(a) vs expected \(e)", file: file, line: line)
            return
        }
    }
}
