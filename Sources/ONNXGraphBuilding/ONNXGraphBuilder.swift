import Foundation
import ONNX
import ONNXProto
import Tensors

/// Builds ONNX models in memory, through the same protobuf messages the loader reads: for tests, and for the
/// benchmarks' synthetic models (`SyntheticModels`).
///
/// ```swift
/// var b = ONNXGraphBuilder()
/// b.input("x", ["N", 3])
/// b.initializer("w", try Tensor(shape: [3, 2], floats: weights))
/// b.node("MatMul", ["x", "w"], ["y"])
/// b.output("y", ["N", 2])
/// let bytes = try b.data()
/// ```
/// The message arrays are public so that a test can break a model on purpose before serialising it.
public struct ONNXGraphBuilder: Sendable {
    /// The default-domain opset the model imports.
    public var opset = 17
    /// The producer and graph names written into the model.
    public var producer = "tests", graphName = "test"
    public var nodes: [Onnx_NodeProto] = []
    public var initializers: [Onnx_TensorProto] = []
    public var inputs: [Onnx_ValueInfoProto] = []
    public var outputs: [Onnx_ValueInfoProto] = []

    public init() {}

    /// A dimension: a number or a symbol.
    public enum D: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, Sendable {
        case n(Int), s(String)
        public init(integerLiteral v: Int) { self = .n(v) }
        public init(stringLiteral v: String) { self = .s(v) }
    }

    /// A node attribute's value.
    public enum A: Sendable {
        case i(Int), f(Float), s(String), ints([Int]), floats([Float]), t(Tensor)
    }

    /// A graph input or output of `type`, with the given dimensions (no shape at all when `dims` is nil).
    public static func valueInfo(_ name: String, _ type: ElementType = .float32, _ dims: [D]?) -> Onnx_ValueInfoProto {
        var vi = Onnx_ValueInfoProto()
        vi.name = name
        var tt = Onnx_TypeProto.Tensor()
        tt.elemType = Int32(type.rawValue)
        if let dims {
            var shape = Onnx_TensorShapeProto()
            shape.dim = dims.map { d in
                var dim = Onnx_TensorShapeProto.Dimension()
                switch d {
                case .n(let v): dim.dimValue = Int64(v)
                case .s(let s): dim.dimParam = s
                }
                return dim
            }
            tt.shape = shape
        }
        vi.type.tensorType = tt
        return vi
    }

    public mutating func input(_ name: String, _ dims: [D]?, _ type: ElementType = .float32) {
        inputs.append(Self.valueInfo(name, type, dims))
    }

    public mutating func output(_ name: String, _ dims: [D]? = nil, _ type: ElementType = .float32) {
        outputs.append(Self.valueInfo(name, type, dims))
    }

    /// A tensor message holding `t`'s elements in the typed fields (`float_data`, `int64_data`, …).
    public static func tensorProto(_ name: String, _ t: Tensor) -> Onnx_TensorProto {
        var p = Onnx_TensorProto()
        p.name = name
        p.dims = t.shape.map(Int64.init)
        p.dataType = Int32(ElementType(t.dtype).rawValue)
        switch t.storage {
        case .float32(let a): p.floatData = a
        case .float64(let a): p.doubleData = a
        case .int64(let a): p.int64Data = a
        case .int32(let a): p.int32Data = a
        case .uint8(let a): p.int32Data = a.map(Int32.init)
        case .bool(let a): p.int32Data = a.map { $0 ? 1 : 0 }
        }
        return p
    }

    public mutating func initializer(_ name: String, _ t: Tensor) {
        initializers.append(Self.tensorProto(name, t))
    }

    /// A float32 initializer stored as raw little-endian bytes, as PyTorch's exporter writes weights.
    public mutating func initializer(_ name: String, shape: [Int], floats: [Float]) {
        var p = Onnx_TensorProto()
        p.name = name
        p.dims = shape.map(Int64.init)
        p.dataType = Int32(ElementType.float32.rawValue)
        p.rawData = floats.withUnsafeBufferPointer { Data(buffer: $0) }
        initializers.append(p)
    }

    /// An int64 initializer (a shape, an axis list).
    public mutating func initializer(_ name: String, shape: [Int], int64s: [Int64]) {
        var p = Onnx_TensorProto()
        p.name = name
        p.dims = shape.map(Int64.init)
        p.dataType = Int32(ElementType.int64.rawValue)
        p.int64Data = int64s
        initializers.append(p)
    }

    /// Appends a node; its name defaults to the lower-cased operator and its index.
    public mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String? = nil,
                              _ attributes: [String: A] = [:]) {
        var n = Onnx_NodeProto()
        n.opType = op
        n.input = inputs
        n.output = outputs
        n.name = name ?? "\(op.lowercased())_\(nodes.count)"
        n.attribute = attributes.sorted { $0.key < $1.key }.map { key, value in
            var a = Onnx_AttributeProto()
            a.name = key
            switch value {
            case .i(let v): a.type = .int; a.i = Int64(v)
            case .f(let v): a.type = .float; a.f = v
            case .s(let v): a.type = .string; a.s = Data(v.utf8)
            case .ints(let v): a.type = .ints; a.ints = v.map(Int64.init)
            case .floats(let v): a.type = .floats; a.floats = v
            case .t(let v): a.type = .tensor; a.t = Self.tensorProto("", v)
            }
            return a
        }
        nodes.append(n)
    }

    /// The model message: IR version 8, the default domain at `opset`.
    public var proto: Onnx_ModelProto {
        var m = Onnx_ModelProto()
        m.irVersion = 8
        m.producerName = producer
        var imp = Onnx_OperatorSetIdProto()
        imp.domain = ""
        imp.version = Int64(opset)
        m.opsetImport = [imp]
        var g = Onnx_GraphProto()
        g.name = graphName
        g.node = nodes
        g.initializer = initializers
        g.input = inputs
        g.output = outputs
        m.graph = g
        return m
    }

    /// The bytes of the ONNX file.
    public func data() throws -> Data { try proto.serializedData() }

    /// The model, loaded by the interpreter as a file named `name` would be.
    public func load(name: String = "test.onnx") throws -> ONNXModel { try ONNXModel.load(data: data(), name: name) }
}
