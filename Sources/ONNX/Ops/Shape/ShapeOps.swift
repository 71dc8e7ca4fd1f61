/// Registration of the operators that compute shapes, constants and types.
enum ShapeOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["Shape"] = { try ShapeOp($0) }
        r["Size"] = { _ in SizeOp() }
        r["Reshape"] = { try ReshapeOp($0) }
        r["Flatten"] = { try FlattenOp($0) }
        r["Squeeze"] = { try SqueezeOp($0) }
        r["Unsqueeze"] = { try UnsqueezeOp($0) }
        r["Identity"] = { _ in IdentityOp() }
        r["Dropout"] = { try DropoutOp($0) }
        r["Constant"] = { try ConstantOp($0) }
        r["ConstantOfShape"] = { try ConstantOfShapeOp($0) }
        r["Cast"] = { try CastOp($0, like: false) }
        r["CastLike"] = { try CastOp($0, like: true) }
        r["Range"] = { _ in RangeOp() }
    }
}

/// Registration of the operators that move elements: gathers, joins, cuts, transposes, broadcasts, pads.
enum LayoutOps {
    static func register(_ r: inout [String: OperatorBuilder]) {
        r["Gather"] = { try GatherOp($0) }
        r["GatherElements"] = { try GatherElementsOp($0) }
        r["Concat"] = { try ConcatOp($0) }
        r["Split"] = { try SplitOp($0) }
        r["Transpose"] = { try TransposeOp($0) }
        r["Slice"] = { try SliceOp($0) }
        r["Expand"] = { _ in ExpandOp() }
        r["Tile"] = { _ in TileOp() }
        r["Pad"] = { try PadOp($0) }
    }
}
