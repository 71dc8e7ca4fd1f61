import Foundation
import Render
import Tensors

/// What `S` saves and `latent explore --session FILE` restores: the bundle, projection, view, marks, selection
/// and slider state, as a small JSON file.
public struct Session: Codable, Equatable, Sendable {
    public static let format = 1

    public var format = Session.format
    /// The bundle folder, when the explorer was opened on one.
    public var bundle: String?
    /// `pca:X:Y`, `raw` or a background projection's name (`tsne`).
    public var projection: String
    public var viewport: [Double]
    public var cursor: [Double]
    public var selection: Int?
    public var markA: Mark?
    public var markB: Mark?
    public var hiddenClasses: [Int]
    public var interpolation: InterpolationSettings
    /// The sliders' edit, when the session was saved in sliders mode.
    public var sliders: SlidersState?

    /// A session describing the state.
    public init(state: AppState, bundle: String?) {
        self.bundle = bundle
        projection = state.projection.tag
        let v = state.viewport
        viewport = [v.centerX, v.centerY, v.unitsPerDotX, v.unitsPerDotY]
        cursor = [state.cursor.x, state.cursor.y]
        selection = state.selection
        markA = state.markA
        markB = state.markB
        hiddenClasses = state.hiddenClasses.sorted()
        interpolation = state.interpolation
        if case .sliders(let s) = state.mode.underHelp { sliders = s }
    }

    /// The projection the session was saved in.
    public var projectionKind: ProjectionKind? { ProjectionKind(tag: projection) }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// Reads a session file.
    /// - Throws: `SessionError` naming the file and what is wrong.
    public static func read(_ url: URL) throws -> Session {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw SessionError(file: url.path, reason: "cannot be read") }
        let session: Session
        do { session = try JSONDecoder().decode(Session.self, from: data) } catch {
            throw SessionError(file: url.path, reason: "not a latent session file (\(error.localizedDescription))")
        }
        guard session.format == format else {
            throw SessionError(file: url.path, reason: "session format \(session.format), this version reads \(format)")
        }
        return session
    }
}

/// A session file that cannot be used.
public struct SessionError: UserInputError {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

extension Explorer {
    /// The state a session describes, on top of a fresh start at the given size. Values that do not fit this
    /// bundle (indices out of range, a code of another size) are dropped rather than trusted.
    public func restore(_ session: Session, width: Int, height: Int) -> AppState {
        var state = initialState(width: width, height: height, projection: session.projectionKind)
        let n = context.count
        func valid(_ m: Mark?) -> Mark? {
            guard let m else { return nil }
            switch m {
            case .point(let i): return i >= 0 && i < n ? m : nil
            case .classMean(let c): return c >= 0 && c < context.classCount ? m : nil
            }
        }
        if session.viewport.count == 4, session.viewport.allSatisfy({ $0.isFinite }), session.viewport[2] > 0, session.viewport[3] > 0 {
            state.viewport = Viewport(centerX: session.viewport[0], centerY: session.viewport[1],
                                      unitsPerDotX: session.viewport[2], unitsPerDotY: session.viewport[3])
            state.viewLocked = true
        }
        if session.cursor.count == 2, session.cursor.allSatisfy({ $0.isFinite }) {
            state.cursor = AppState.Point(x: session.cursor[0], y: session.cursor[1])
        }
        state.selection = session.selection.flatMap { $0 >= 0 && $0 < n ? $0 : nil }
        state.markA = valid(session.markA)
        state.markB = valid(session.markB)
        state.hiddenClasses = Set(session.hiddenClasses.filter { $0 >= 0 && $0 < context.classCount })
        state.interpolation = session.interpolation
        state.interpolation.steps = min(32, max(2, state.interpolation.steps))
        if var s = session.sliders, s.origin >= 0, s.origin < n, s.code.count == context.latentDim, context.canDecode {
            s.row = min(max(0, s.row), context.latentDim - 1)
            state.mode = .sliders(s)
        }
        updateHover(&state)
        return state
    }
}
