import Dispatch
import Foundation
import Tensors

/// Stage 4: the runnable plan. Values live in numbered slots; steps run in topological order; each value is
/// released after its last reader, and a reader that is the last one receives the value *donated*, so an
/// elementwise kernel can overwrite its buffer instead of allocating (buffers are reused along chains).
struct ExecutionPlan: Sendable {
    struct Step: Sendable {
        var name: String
        var opType: String
        var op: any Operator
        /// Slot per input; -1 for an omitted optional input.
        var inputs: [Int]
        /// Whether each input is handed over (its last use, not a constant or graph input, read once here).
        var donated: [Bool]
        /// Slot per output; -1 for an output nobody reads.
        var outputs: [Int]
        /// Slots to clear after the step (values whose last reader this was, and unread outputs).
        var release: [Int]
    }

    let slotCount: Int
    let constants: [(slot: Int, value: Tensor)]
    /// Slot of each graph input, in `inputs` order.
    let inputSlots: [Int]
    /// Slot of each graph output, in `outputs` order.
    let outputSlots: [Int]
    let steps: [Step]

    init(_ model: SimplifiedModel) {
        let g = model.graph
        var slotOf: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let s = slotOf[name] { return s }
            let s = slotOf.count
            slotOf[name] = s
            return s
        }
        let constantNames = g.constants.keys.sorted()
        constants = constantNames.map { (slot($0), g.constants[$0]!) }
        inputSlots = g.inputs.map { slot($0.name) }
        for node in g.nodes { for o in node.outputs where !o.isEmpty { _ = slot(o) } }
        outputSlots = g.outputSources.map { slot($0) }

        // The last step reading each value; graph outputs are read "after" every step.
        var lastUse: [Int: Int] = [:]
        for (i, node) in g.nodes.enumerated() {
            for input in node.inputs where !input.isEmpty { lastUse[slotOf[input]!] = i }
        }
        let outputSet = Set(outputSlots)
        let pinned = Set(outputSlots).union(inputSlots).union(constants.map(\.slot))
        var steps: [Step] = []
        for (i, node) in g.nodes.enumerated() {
            let ins = node.inputs.map { $0.isEmpty ? -1 : slotOf[$0]! }
            var donated: [Bool] = []
            for s in ins {
                donated.append(s >= 0 && !pinned.contains(s) && lastUse[s] == i && ins.filter { $0 == s }.count == 1)
            }
            let outs = node.outputs.map { $0.isEmpty ? -1 : slotOf[$0]! }
            var release = Set<Int>()
            for s in ins where s >= 0 && lastUse[s] == i && !outputSet.contains(s) { release.insert(s) }
            for o in outs where o >= 0 && lastUse[o] == nil && !outputSet.contains(o) { release.insert(o) }
            steps.append(Step(name: node.name, opType: node.opType, op: node.op, inputs: ins, donated: donated,
                              outputs: outs, release: release.sorted()))
        }
        self.steps = steps
        slotCount = slotOf.count
    }

    /// CPU time used by the whole process so far, in seconds.
    static func processCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Runs the plan on graph inputs given in `inputs` order; returns the graph outputs in `outputs` order.
    ///
    /// - Parameter timing: when given, called after each step with its node name, operator, wall time and process
    ///   CPU time in seconds.
    func run(_ inputs: [Tensor], timing: ((String, String, Double, Double) -> Void)? = nil) throws(ONNXError) -> [Tensor] {
        var slots = [Tensor?](repeating: nil, count: slotCount)
        for c in constants { slots[c.slot] = c.value }
        for (k, s) in inputSlots.enumerated() { slots[s] = inputs[k] }
        for step in steps {
            var values: [Tensor?] = []
            values.reserveCapacity(step.inputs.count)
            for (k, s) in step.inputs.enumerated() {
                if s < 0 {
                    values.append(nil)
                } else if step.donated[k] {
                    values.append(slots[s])
                    slots[s] = nil
                } else {
                    values.append(slots[s])
                }
            }
            var kernelInputs = KernelInputs(values, donated: step.donated)
            let outputs: [Tensor]
            let start = timing == nil ? 0 : DispatchTime.now().uptimeNanoseconds
            let cpuStart = timing == nil ? 0 : Self.processCPUTime()
            do {
                outputs = try step.op.run(&kernelInputs)
                if let timing {
                    timing(step.name, step.opType, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                           Self.processCPUTime() - cpuStart)
                }
            } catch let error as KernelError {
                throw .nodeFailed(node: step.name, opType: step.opType, reason: error.description)
            } catch {
                throw .nodeFailed(node: step.name, opType: step.opType, reason: "\(error)")
            }
            for (k, s) in step.outputs.enumerated() where s >= 0 {
                guard k < outputs.count else {
                    throw .nodeFailed(node: step.name, opType: step.opType, reason: "output \(k) was not produced")
                }
                slots[s] = outputs[k]
            }
            for s in step.release { slots[s] = nil }
        }
        var results: [Tensor] = []
        for s in outputSlots {
            guard let t = slots[s] else {
                throw .nodeFailed(node: "output", opType: "Graph", reason: "an output was not computed")
            }
            results.append(t)
        }
        return results
    }
}
