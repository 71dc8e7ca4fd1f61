/// The image file formats read from image folders.
public enum ImageFileFormat: String, Sendable, CaseIterable {
    case png, jpeg

    /// The format a file name's extension says (`.png`, `.jpg`, `.jpeg`, any case), or nil for other files.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }

    /// The format the first bytes of a file show (its signature), or nil when they are neither PNG nor JPEG.
    public init?(signature bytes: UnsafeRawBufferPointer) {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.count >= png.count, zip(bytes, png).allSatisfy({ $0 == $1 }) {
            self = .png
        } else if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            self = .jpeg
        } else {
            return nil
        }
    }
}
