extension Tensor {
    /// The matrix product of two float32 rank-2 tensors.
    public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
        guard rank == 2, other.rank == 2, shape[1] == other.shape[0] else {
            throw .sizeMismatch(shape: other.shape, count: shape.last ?? 0)
        }
        let out = Linalg.matmul(floatValues(), other.floatValues(), m: shape[0], k: shape[1], n: other.shape[1])
        return Tensor(uncheckedShape: [shape[0], other.shape[1]], storage: .float32(out))
    }
}
