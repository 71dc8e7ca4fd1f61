import Foundation
import Tensors
@testable import Projection

/// Helpers shared by the projection tests.
enum TestData {
    /// The folder of this target's fixtures.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/projection")

    /// `rows × cols` standard normal floats from a seeded generator.
    static func gaussian(rows: Int, cols: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(rows * cols)).map { _ in Float(rng.nextGaussian()) }
    }

    /// Well-separated Gaussian blobs in `cols` dimensions: the points and their blob labels.
    static func blobs(perBlob: Int, blobs: Int, cols: Int, separation: Float = 20, seed: UInt64 = 1) -> ([Float], [Int]) {
        var rng = SeededGenerator(seed: seed)
        var x: [Float] = [], labels: [Int] = []
        for b in 0..<blobs {
            let centre = (0..<cols).map { c in c == b % cols ? separation * Float(1 + b / cols) : 0 }
            for _ in 0..<perBlob {
                x += centre.map { $0 + Float(rng.nextGaussian()) }
                labels.append(b)
            }
        }
        return (x, labels)
    }

    /// A random symmetric `n × n` matrix.
    static func symmetric(n: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { let v = rng.nextGaussian(); a[i * n + j] = v; a[j * n + i] = v } }
        return a
    }
}

/// |cos| of the angle between two vectors.
func absCosine<T: BinaryFloatingPoint, U: BinaryFloatingPoint>(_ a: [T], _ b: [U]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for i in a.indices {
        dot += Double(a[i]) * Double(b[i]); na += Double(a[i]) * Double(a[i]); nb += Double(b[i]) * Double(b[i])
    }
    return abs(dot) / max((na * nb).squareRoot(), 1e-300)
}
