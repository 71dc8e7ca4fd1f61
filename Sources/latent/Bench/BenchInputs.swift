import Projection
import Tensors

extension SeededGenerator {
    /// Seeded uniform floats in [0, 1] for the bench inputs.
    mutating func uniformFloats(_ count: Int) -> [Float] { (0..<count).map { _ in Float(nextUnit()) } }

    /// A tensor of `uniformFloats`.
    mutating func tensor(_ shape: [Int]) throws -> Tensor {
        try Tensor(shape: shape, floats: uniformFloats(shape.reduce(1, *)))
    }
}
