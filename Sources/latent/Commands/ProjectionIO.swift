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
        let (matrix, rows, cols) = try mapMatrix(path)
        if let bad = matrix.withUnsafeBufferPointer(FiniteCheck.firstNonFinite) {
            throw TensorIOError(file: path, reason: "has a NaN or infinite value at row \(bad / cols), column \(bad % cols)")
        }
        return (matrix.array(), rows, cols)
    }

    /// `readMatrix` without the copy into an array or the check for NaN and infinite values: a float32 file's
    /// elements are used where they lie in the mapped file (for a command that checks them itself, like `pca`).
    static func mapMatrix(_ path: String) throws -> (values: NPYFloats, rows: Int, cols: Int) {
        let matrix = try NPYFloats(URL(fileURLWithPath: path))
        guard matrix.dtype != .bool else { throw TensorIOError(file: path, reason: "holds booleans, not numbers") }
        guard matrix.shape.count >= 1 else { throw TensorIOError(file: path, reason: "holds a scalar, not a matrix") }
        let rows = matrix.shape[0]
        let cols = matrix.shape.count == 1 ? 1 : matrix.shape.dropFirst().reduce(1, *)
        guard rows > 0, cols > 0 else {
            throw TensorIOError(file: path, reason: "is empty (shape \(matrix.shape))")
        }
        return (matrix, rows, cols)
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
