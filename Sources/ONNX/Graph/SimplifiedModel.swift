/// Stage 3: the typed graph after the simplification passes: constants folded, shape arithmetic on symbolic
/// dimensions folded into static reshapes, pass-through nodes removed, activations and biases fused into the
/// products before them, dead nodes dropped.
struct SimplifiedModel: Sendable {
    var graph: Graph

    init(_ typed: TypedModel) {
        var g = typed.graph
        ShapeFolding.run(&g)
        ConstantFolding.run(&g)
        IdentityRemoval.run(&g)
        DeadNodeRemoval.run(&g)
        Fusion.run(&g)
        DeadNodeRemoval.run(&g)
        g.inferFacts()
        graph = g
    }
}
