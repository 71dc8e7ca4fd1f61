import Explorer
import Render

/// What to do with the images of a new frame after its cells are drawn.
public struct ImagePlan: Equatable, Sendable {
    /// Rows to write again in full (a sixel image went away from them: its pixels are invisible to the cell diff).
    public var repaintRows: [Int]
    /// Kitty images to delete by id (gone from the frame, or under an overlay).
    public var delete: [UInt32]
    /// The new frame's images to send, as indices into its `images`, in order.
    public var send: [Int]

    public init(repaintRows: [Int] = [], delete: [UInt32] = [], send: [Int] = []) {
        self.repaintRows = repaintRows
        self.delete = delete
        self.send = send
    }
}

/// Decides which images to send, send again, or clear when a frame replaces another (pure).
///
/// Sixel pixels lie in the text layer and are invisible to the cell diff. Terminals remove them where text is
/// written, and the cell writer may also clear from a changed cell to the end of its row (ncurses uses
/// erase-to-end-of-line when that is shorter), so:
/// - a full repaint (first frame, resize, Ctrl-L, after a suspend) sends every image;
/// - a sixel image that is gone or moved has its rows repainted, which removes its pixels (one replaced by another
///   image on the same cells is painted over instead: every image paints every pixel of its area's width, and
///   images on the same cells of one screen have the same pixel size);
/// - a sixel image is sent when it is new or changed, when one of its rows is repainted, or when any cell on its
///   rows changed at or left of its right edge (such a change may have erased it).
/// Kitty images lie above the text: cell changes never touch them, an image sent with the id of one on screen
/// replaces it, and one that goes away must be deleted by id (kitty would draw it over an overlay). So a kitty
/// image is sent when it is new or changed (or on a full repaint), and the ids on screen that the new frame does
/// not use are deleted.
/// An unchanged image on rows where nothing changed to its left or under it is not sent again: a progress redraw
/// that only touches other rows costs no image bytes.
public enum ImagePlacementPlanner {
    /// - Parameters:
    ///   - previous: the images of the frame on screen, or nil when the screen is repainted from blank.
    ///   - kittyOnScreen: the kitty image ids that may be on screen (sent and not deleted since).
    ///   - current: the new frame's images.
    ///   - changes: the cells the new frame changes.
    ///   - height: the screen's height in rows (rows outside it are not repainted).
    public static func plan(previous: [PlacedImage]?, kittyOnScreen: Set<UInt32> = [], current: [PlacedImage],
                            changes: [Position], height: Int) -> ImagePlan {
        var currentKitty = Set<UInt32>()
        for image in current { if case .kitty(let id) = image.layer { currentKitty.insert(id) } }
        let delete = kittyOnScreen.subtracting(currentKitty).sorted()
        guard let previous else { return ImagePlan(delete: delete, send: Array(current.indices)) }
        var repaint = Set<Int>()
        // A sixel image replaced by one at the same cells (the next point's sample) is painted over, pixel for
        // pixel, when the new one is sent: only images whose cells no image takes need their rows repainted.
        let sixelAreas = Set(current.filter { $0.layer == .sixel }.map(\.area))
        for old in previous where old.layer == .sixel && !sixelAreas.contains(old.area) {
            repaint.formUnion(max(0, old.area.y)..<min(height, old.area.maxY))
        }
        // The leftmost changed column of each row: a change may erase sixel pixels to its right.
        var leftmostChange: [Int: Int] = [:]
        for p in changes { leftmostChange[p.y] = min(leftmostChange[p.y] ?? Int.max, p.x) }
        var send: [Int] = []
        for (i, image) in current.enumerated() {
            let isNew = !previous.contains(image)
            switch image.layer {
            case .kitty:
                if isNew { send.append(i) }
            case .sixel:
                let rows = image.area.y..<image.area.maxY
                let rowRepainted = rows.contains { repaint.contains($0) }
                let erased = rows.contains { row in (leftmostChange[row] ?? Int.max) < image.area.maxX }
                if isNew || rowRepainted || erased { send.append(i) }
            }
        }
        return ImagePlan(repaintRows: repaint.sorted(), delete: delete, send: send)
    }
}
