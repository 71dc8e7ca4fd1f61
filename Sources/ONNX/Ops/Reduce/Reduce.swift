import Foundation
import Tensors

/// ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum,
/// ReduceLogSumExp.
///
/// `axes` is an attribute before opset 13 (ReduceSum) or 18 (the others) and an optional input after; no axes
/// means every axis, unless `noop_with_empty_axes` asks for the input unchanged.
struct ReduceOp: Operator {
    enum Kind: Sendable { case sum, mean, max, min, prod, l1, l2, sumSquare, logSum, logSumExp }
    let kind: Kind
    let keepDims: Bool
    let noopWithEmptyAxes: Bool
    /// Axes from the attribute, for the opsets that use one.
    let attributeAxes: [Int]?
    let axesFromInput: Bool

    init(_ ctx: NodeContext, kind: Kind) throws {
        self.kind = kind
        keepDims = try ctx.int("keepdims", default: 1) != 0
        noopWithEmptyAxes = try ctx.int("noop_with_empty_axes", default: 0) != 0
        axesFromInput = ctx.opset >= (kind == .sum ? 13 : 18)
        attributeAxes = axesFromInput ? nil : try ctx.ints("axes")
    }

    /// The reduced axes for a rank, or nil for "leave the input as it is".
    private func resolve(_ given: [Int]?, rank: Int) throws -> Set<Int>? {
        let axes = attributeAxes ?? given ?? []
        if axes.isEmpty { return noopWithEmptyAxes ? nil : Set(0..<rank) }
        return Set(try axes.map { try normalizeAxis($0, rank: rank) })
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        let x = inputs.first ?? .unknown
        guard let shape = x.shape else { return [ValueFact(dtype: x.dtype, shape: nil)] }
        let given: [Int]?
        if axesFromInput && inputs.count > 1 && !inputs[1].isAbsent {
            guard let c = inputs[1].constantInts else { return [ValueFact(dtype: x.dtype, shape: nil)] }
            given = c
        } else {
            given = nil
        }
        guard let axes = try resolve(given, rank: shape.count) else { return [x] }
        let out = shape.enumerated().compactMap { i, d -> Dim? in axes.contains(i) ? (keepDims ? .known(1) : nil) : d }
        return [ValueFact(dtype: x.dtype, shape: out)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let given = axesFromInput ? inputs.optional(1)?.int64Values().map { Int($0) } : nil
        guard let axes = try resolve(given, rank: x.rank) else { return [x] }
        let keptShape = x.shape.enumerated().map { axes.contains($0) ? 1 : $1 }
        let outShape = keepDims ? keptShape : x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        let outCount = keptShape.reduce(1, *)
        let reducedCount = x.shape.enumerated().filter { axes.contains($0.offset) }.map(\.element).reduce(1, *)
        // For every input element in order, the output element it folds into.
        let keptStrides = contiguousStrides(keptShape)
        let target = stridedIndices(shape: x.shape, strides: keptStrides.enumerated().map { axes.contains($0) ? 0 : $1 })
        switch x.storage {
        case .float32(let a):
            let r = reduce(a.map(Double.init), target, outCount, reducedCount)
            return [try Tensor(shape: outShape, floats: r.map { Float($0) })]
        case .float64(let a):
            return [try Tensor(shape: outShape, doubles: reduce(a, target, outCount, reducedCount))]
        case .int64, .int32, .uint8:
            let r = reduce(x.floatValues().map(Double.init), target, outCount, reducedCount)
            return [try Conversion.cast(Tensor(shape: outShape, doubles: r), to: x.dtype)]
        case .bool:
            throw KernelError("element type bool is not supported")
        }
    }

    private func reduce(_ a: [Double], _ target: [Int], _ outCount: Int, _ n: Int) -> [Double] {
        let initial: Double
        switch kind {
        case .max: initial = -.infinity
        case .min: initial = .infinity
        case .prod: initial = 1
        default: initial = 0
        }
        var acc = [Double](repeating: initial, count: outCount)
        var peak = [Double](repeating: -.infinity, count: kind == .logSumExp ? outCount : 0)
        if kind == .logSumExp {
            for i in a.indices where a[i] > peak[target[i]] || a[i].isNaN { peak[target[i]] = a[i] }
            for o in 0..<outCount where peak[o].isInfinite { peak[o] = 0 }
        }
        for i in a.indices {
            let v = a[i], o = target[i]
            switch kind {
            case .sum, .mean, .logSum: acc[o] += v
            case .max: if v > acc[o] || v.isNaN { acc[o] = v }
            case .min: if v < acc[o] || v.isNaN { acc[o] = v }
            case .prod: acc[o] *= v
            case .l1: acc[o] += Swift.abs(v)
            case .l2, .sumSquare: acc[o] += v * v
            case .logSumExp: acc[o] += Foundation.exp(v - peak[o])
            }
        }
        switch kind {
        case .mean: return acc.map { $0 / Double(n) }
        case .l2: return acc.map { $0.squareRoot() }
        case .logSum: return acc.map { Foundation.log($0) }
        case .logSumExp: return (0..<outCount).map { Foundation.log(acc[$0]) + peak[$0] }
        default: return acc
        }
    }
}

/// ArgMax and ArgMin along one axis (int64 indices; `select_last_index` picks the last of equal extremes).
struct ArgExtremumOp: Operator {
    let isMax: Bool
    let axis: Int
    let keepDims: Bool
    let selectLast: Bool

    init(_ ctx: NodeContext, isMax: Bool) throws {
        self.isMax = isMax
        axis = try ctx.int("axis", default: 0)
        keepDims = try ctx.int("keepdims", default: 1) != 0
        selectLast = try ctx.int("select_last_index", default: 0) != 0
    }

    func infer(_ inputs: [ValueFact]) throws -> [ValueFact] {
        guard let shape = inputs.first?.shape, let a = try? normalizeAxis(axis, rank: shape.count) else {
            return [ValueFact(dtype: .int64, shape: nil)]
        }
        var out = shape
        if keepDims { out[a] = .known(1) } else { out.remove(at: a) }
        return [ValueFact(dtype: .int64, shape: out)]
    }

    func run(_ inputs: inout KernelInputs) throws -> [Tensor] {
        let x = try inputs.required(0)
        let a = try normalizeAxis(axis, rank: x.rank)
        let values = x.floatValues()
        let outer = x.shape[..<a].reduce(1, *), length = x.shape[a], inner = x.shape[(a + 1)...].reduce(1, *)
        guard length > 0 else { throw KernelError("cannot take the arg-extremum of an empty axis") }
        var result = [Int64](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = values[o * length * inner + i], index = 0
                for k in 1..<max(length, 1) {
                    let v = values[(o * length + k) * inner + i]
                    let better = isMax ? (v > best || (selectLast && v == best)) : (v < best || (selectLast && v == best))
                    if better { best = v; index = k }
                }
                result[o * inner + i] = Int64(index)
            }
        }
        var shape = x.shape
        if keepDims { shape[a] = 1 } else { shape.remove(at: a) }
        return [try Tensor(shape: shape, int64s: result)]
    }
}

/// Registration of the reductions.
enum ReductionOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["ReduceSum"] = { try ReduceOp($0, kind: .sum) }
        r["ReduceMean"] = { try ReduceOp($0, kind: .mean) }
        r["ReduceMax"] = { try ReduceOp($0, kind: .max) }
        r["ReduceMin"] = { try ReduceOp($0, kind: .min) }
        r["ReduceProd"] = { try ReduceOp($0, kind: .prod) }
        r["ReduceL1"] = { try ReduceOp($0, kind: .l1) }
        r["ReduceL2"] = { try ReduceOp($0, kind: .l2) }
        r["ReduceSumSquare"] = { try ReduceOp($0, kind: .sumSquare) }
        r["ReduceLogSum"] = { try ReduceOp($0, kind: .logSum) }
        r["ReduceLogSumExp"] = { try ReduceOp($0, kind: .logSumExp) }
        r["ArgMax"] = { try ArgExtremumOp($0, isMax: true) }
        r["ArgMin"] = { try ArgExtremumOp($0, isMax: false) }
    }
}
