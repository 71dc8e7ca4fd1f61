/// Why an image file's bytes could not be decoded (the decoder's own message, or a format this program does not
/// read); the caller names the file.
public struct ImageDecodingError: Error, Equatable, Sendable {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }
}
