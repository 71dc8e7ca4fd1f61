import Foundation
import Render

/// Encoded images by their pixels, size in cells and encoder settings: a redraw of an unchanged screen (a
/// progress frame, a key that moved nothing shown) encodes no image again.
final class EncodedImageCache: @unchecked Sendable {
    struct Key: Hashable {
        var image: Image
        var columns: Int
        var rows: Int
        var cellSize: PixelSize
        var encoder: String
    }

    /// Entries kept; past this the cache starts over (a screen holds at most a few dozen images).
    static let capacity = 512
    private let lock = NSLock()
    private var entries: [Key: EncodedImage] = [:]
    private(set) var misses = 0

    func encoded(_ key: Key, _ make: () -> EncodedImage) -> EncodedImage {
        lock.lock()
        if let hit = entries[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = make()
        lock.lock()
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
        misses += 1
        lock.unlock()
        return value
    }
}
