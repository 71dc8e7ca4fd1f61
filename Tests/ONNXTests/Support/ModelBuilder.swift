import Foundation
@testable import ONNX
import Tensors

/// Builds small ONNX models in memory for tests, through the same protobuf types the loader reads.
struct ModelBuilder {
    var opset = 17
    var nodes: [Onnx_NodeProto] = []
    var initializers: [Onnx_TensorProto] = []
    var inputs: [Onnx_ValueInfoProto] = []
    var outputs: [Onnx_ValueInfoProto] = []

    /// A dimension: a number or a symbol.
    enum D: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
        case n(Int), s(String)
        init(integerLiteral v: Int) { self = .n(v) }
        init(stringLiteral v: String) { self = .s(v) }
    }

    static func valueInfo(_ name: String, _ type: ElementType = .float32, _ dims: [D]?) -> Onnx_ValueInfoProto {
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

    mutating func input(_ name: String, _ dims: [D]?, _ type: ElementType = .float32) {
        inputs.append(Self.valueInfo(name, type, dims))
    }

    mutating func output(_ name: String, _ dims: [D]? = nil, _ type: ElementType = .float32) {
        outputs.append(Self.valueInfo(name, type, dims))
    }

    static func tensorProto(_ name: String, _ t: Tensor) -> Onnx_TensorProto {
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

    mutating func initializer(_ name: String, _ t: Tensor) {
        initializers.append(Self.tensorProto(name, t))
    }

    enum A {
        case i(Int), f(Float), s(String), ints([Int]), floats([Float]), t(Tensor)
    }

    mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String? = nil,
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

    var proto: Onnx_ModelProto {
        var m = Onnx_ModelProto()
        m.irVersion = 8
        m.producerName = "tests"
        var imp = Onnx_OperatorSetIdProto()
        imp.domain = ""
        imp.version = Int64(opset)
        m.opsetImport = [imp]
        var g = Onnx_GraphProto()
        g.name = "test"
        g.node = nodes
        g.initializer = initializers
        g.input = inputs
        g.output = outputs
        m.graph = g
        return m
    }

    func data() throws -> Data { try proto.serializedData() }

    func load() throws -> ONNXModel { try ONNXModel.load(data: data(), name: "test.onnx") }
}

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

import XCTest
