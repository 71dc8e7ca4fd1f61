import Foundation
import LatentSpace

/// The last decoding failure of the frame being drawn, so the status line can say why a sample is missing.
///
/// The view resets it at the start of each frame; the panes record a failure when the decoder refuses a code or
/// produces NaN or infinity (the pane then simply has no reconstruction); the status line shows it.
final class DecodeFailureNote: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?

    /// Forgets the previous frame's failure.
    func reset() {
        lock.lock()
        message = nil
        lock.unlock()
    }

    /// Remembers a failure as one short line naming the model file.
    func record(_ error: Error) {
        let text: String
        if let e = error as? BundleError {
            text = "\(URL(fileURLWithPath: e.file).lastPathComponent): \(e.problems.joined(separator: "; "))"
        } else {
            text = "\(error)"
        }
        lock.lock()
        message = "cannot decode: " + text
        lock.unlock()
    }

    /// The failure recorded since the last reset, if any.
    var current: String? {
        lock.lock()
        defer { lock.unlock() }
        return message
    }
}
