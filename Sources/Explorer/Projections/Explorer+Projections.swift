/// The background projections: starting, showing, animating, finishing, cancelling, whatever the method.
extension Explorer {
    /// `t` (and the like): show the method's embedding, starting its run when there is none.
    func startProjection(_ method: ProjectionMethod, _ state: inout AppState) -> [Effect] {
        if let run = state.runs[method], run.failureReason == nil {
            if run.isRunning {
                state.projection = .learned(method)
                if let frame = run.coordinates { applyCoordinates(frame, &state) }
            } else {
                setProjection(.learned(method), &state)
            }
            return []
        }
        guard context.jobs[method] != nil else {
            state.status = "\(method.title) is not available for these codes (it needs at least 4 points)"
            return []
        }
        state.runs[method] = ProjectionRun(phase: .searching(done: 0, total: 0), returnTo: state.projection)
        state.runs[method]?.note = context.jobs[method]?.note
        state.projection = .learned(method)
        state.viewLocked = false
        return [.startProjection(method)]
    }

    /// Esc in browse: cancel every running projection.
    func cancelRunningProjections(_ state: inout AppState) -> [Effect] {
        state.runs.filter { $0.value.isRunning }.keys.sorted { $0.rawValue < $1.rawValue }.map { .cancelProjection($0) }
    }

    func handleProjection(_ method: ProjectionMethod, _ event: ProjectionEvent, _ state: inout AppState) -> [Effect] {
        guard var run = state.runs[method], run.isRunning else { return [] }
        let shown = state.projection == .learned(method)
        switch event {
        case .neighbors(let done, let total):
            guard case .searching = run.phase else { return [] }
            run.phase = .searching(done: done, total: total)
            state.runs[method] = run
        case .preparing(let step, let done, let total):
            if case .iterating = run.phase { return [] }
            run.phase = .preparing(step, done: done, total: total)
            state.runs[method] = run
        case .progress(let iteration, let total, let kl, let coordinates):
            run.phase = .iterating(iteration: iteration, total: total)
            run.kl = kl
            // A fit on a sample reports the sample's embedding: the plot waits for the whole one.
            guard coordinates.count == context.count * 2 else {
                state.runs[method] = run
                return []
            }
            run.coordinates = coordinates
            run.version += 1
            state.runs[method] = run
            if shown { applyCoordinates(coordinates, &state) }
        case .finished(let coordinates, let kl):
            guard coordinates.count == context.count * 2 else {
                return handleProjection(method, .failed("the result has the wrong size"), &state)
            }
            run.phase = .finished
            run.kl = kl
            run.coordinates = coordinates
            run.version += 1
            run.returnTo = nil
            state.runs[method] = run
            if shown { applyCoordinates(coordinates, &state) }
        case .cancelled:
            state.runs[method] = nil
            if shown { setProjection(run.returnTo ?? context.firstComponents, &state) }
            state.status = "\(method.title) cancelled"
        case .failed(let reason):
            run.phase = .failed(reason)
            run.coordinates = nil
            state.runs[method] = run
            if shown { setProjection(run.returnTo ?? context.firstComponents, &state) }
            state.status = "\(method.title) failed: \(reason)"
        }
        return []
    }
}

extension ProjectionRun {
    /// The reason a failed run gives.
    var failureReason: String? {
        if case .failed(let reason) = phase { return reason }
        return nil
    }
}
