import Explorer
import Render

/// Puts frames on a backend: only the cells that changed since the last frame, then the images the
/// `ImagePlacementPlanner` says to send (wrapped for a multiplexer when needed).
public final class ScreenWriter {
    public let backend: any ScreenBackend
    private var previous: Frame?
    /// Kitty image ids sent and not deleted since (they stay on screen until deleted).
    private var kittyOnScreen = Set<UInt32>()
    /// Wraps image bytes for the terminal (tmux passthrough), or nil to write them as they are.
    private let imageWrapper: (([UInt8]) -> [UInt8])?

    public init(backend: any ScreenBackend, imageWrapper: (([UInt8]) -> [UInt8])? = nil) {
        self.backend = backend
        self.imageWrapper = imageWrapper
    }

    /// Forgets what is on screen: the next frame is drawn from blank with every image.
    public func invalidate() {
        previous = nil
    }

    /// Draws a frame; returns the plan that was carried out (for tests and byte counts).
    @discardableResult
    public func draw(_ frame: Frame) -> ImagePlan {
        let buffer = frame.buffer
        let base = previous.flatMap { $0.buffer.width == buffer.width && $0.buffer.height == buffer.height ? $0 : nil }
        let changes: [CellChange]
        if let base {
            changes = buffer.diff(from: base.buffer).map { CellChange(position: Position(x: $0.x, y: $0.y), cell: $0.cell) }
        } else {
            changes = buffer.diff(from: CellBuffer(width: 0, height: 0))
                .map { CellChange(position: Position(x: $0.x, y: $0.y), cell: $0.cell) }
        }
        let plan = ImagePlacementPlanner.plan(previous: base?.images, kittyOnScreen: kittyOnScreen, current: frame.images,
                                              changes: base == nil ? [] : changes.map(\.position),
                                              height: buffer.height)
        for id in plan.delete {
            backend.writeImage(KittyImage.delete(id: id), in: Rect(x: 0, y: 0, width: 0, height: 0))
            kittyOnScreen.remove(id)
        }
        backend.draw(changes, clear: base == nil, repaintRows: plan.repaintRows)
        for i in plan.send {
            let image = frame.images[i]
            backend.writeImage(imageWrapper?(image.bytes) ?? image.bytes, in: image.area)
            if case .kitty(let id) = image.layer { kittyOnScreen.insert(id) }
        }
        previous = frame
        return plan
    }
}
