import Tensors

/// What inference knows about one value before the model runs: element type, shape (possibly with symbolic
/// dimensions), the whole value when it is a constant, and the elements of small integer tensors that hold shapes.
struct ValueFact: Sendable {
    var dtype: DType?
    /// nil: the rank is unknown.
    var shape: [Dim]?
    /// The value itself, when it does not depend on the graph inputs.
    var constant: Tensor?
    /// For a 0-d or 1-d int64 value computed from shapes: its elements, some of them symbolic (`[N, -1]`).
    var symbolic: [Dim]?

    /// True for an optional input the node leaves out (as opposed to a given input nothing is known about).
    var isAbsent = false

    static let unknown = ValueFact(dtype: nil, shape: nil, constant: nil, symbolic: nil)

    /// The fact passed for an omitted optional input.
    static var absent: ValueFact { var f = ValueFact.unknown; f.isAbsent = true; return f }

    init(dtype: DType?, shape: [Dim]?, constant: Tensor? = nil, symbolic: [Dim]? = nil) {
        self.dtype = dtype
        self.shape = shape
        self.constant = constant
        self.symbolic = symbolic
    }

    /// The fact of a known constant.
    init(constant: Tensor) {
        self.dtype = constant.dtype
        self.shape = Dim.shape(constant.shape)
        self.constant = constant
        if constant.dtype == .int64, constant.rank <= 1, constant.count <= Self.maxDims, let values = constant.int64s {
            self.symbolic = values.map { .known(Int($0)) }
        }
    }

    var rank: Int? { shape?.count }

    /// The longest integer vector read as dimensions. Shapes are short; reading a 16-million-element constant as
    /// `Dim`s would take half a gigabyte for each node that passes it on.
    static let maxDims = 4096

    /// The elements as dimensions when known (constant int64 values or symbolic shape arithmetic).
    var dims: [Dim]? {
        if let symbolic { return symbolic }
        if let c = constant, c.dtype == .int64 || c.dtype == .int32, c.rank <= 1, c.count <= Self.maxDims {
            return c.int64Values().map { .known(Int($0)) }
        }
        return nil
    }

    /// The constant's elements as integers, when constant.
    var constantInts: [Int]? { constant.map { $0.int64Values().map { Int($0) } } }
}
