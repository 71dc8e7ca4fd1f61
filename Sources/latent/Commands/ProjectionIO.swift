import Foundation
import Projection
import Tensors

/// Reading and writing the matrices of the `pca` and `tsne` commands.
enum ProjectionIO {
    /// Reads an NPY file of any numeric dtype as a float32 `rows × cols` matrix.
    ///
    /// A 1-D array is one column; an array of rank 3 or more keeps its first axis as rows and flattens the rest
    /// (so N×1×28×28 images become N×784).
    static func readMatrix(_ path: String) throws -> (values: [Float], rows: Int, cols: Int) {
        let tensor = try NPY.read(URL(fileURLWithPath: path))
        guard tensor.dtype != .bool else { throw TensorIOError(file: path, reason: "holds booleans, not numbers") }
        guard tensor.rank >= 1 else { throw TensorIOError(file: path, reason: "holds a scalar, not a matrix") }
        let rows = tensor.shape[0]
        let cols = tensor.rank == 1 ? 1 : tensor.shape.dropFirst().reduce(1, *)
        guard rows > 0, cols > 0 else {
            throw TensorIOError(file: path, reason: "is empty (shape \(tensor.shape))")
        }
        let values = tensor.floatValues()
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw TensorIOError(file: path, reason: "has a NaN or infinite value at row \(bad / cols), column \(bad % cols)")
        }
        return (values, rows, cols)
    }

    /// Reads `count` integer labels (an NPY vector of any integer or whole-valued dtype).
    static func readLabels(_ path: String, count: Int) throws -> [Int] {
        let tensor = try NPY.read(URL(fileURLWithPath: path))
        guard tensor.dtype != .bool, tensor.count == count else {
            throw TensorIOError(file: path, reason: "holds \(tensor.count) values, not one label for each of the \(count) rows")
        }
        let values = tensor.floatValues()
        guard let bad = values.firstIndex(where: { !$0.isFinite || $0.rounded() != $0 }) else { return values.map { Int($0) } }
        throw TensorIOError(file: path, reason: "label \(bad) (\(values[bad])) is not a whole number")
    }

    /// Writes a float32 `rows × cols` matrix as NPY.
    static func writeMatrix(_ values: [Float], rows: Int, cols: Int, to path: String) throws {
        try NPY.write(Tensor(shape: [rows, cols], floats: values), to: URL(fileURLWithPath: path))
    }

    /// Turns a projection error into one naming the input file.
    static func naming(_ path: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as ProjectionError {
            throw TensorIOError(file: path, reason: error.description)
        }
    }
}
