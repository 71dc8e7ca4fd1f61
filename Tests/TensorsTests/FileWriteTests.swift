import Foundation
import XCTest
@testable import Tensors

/// Write failures say what is wrong with the folder (Foundation's own message for them is "the file doesn't exist").
final class FileWriteTests: XCTestCase {
    private func reason(writingTo url: URL) -> String? {
        do {
            try NPY.write(Tensor(shape: [2], floats: [1, 2]), to: url)
            return nil
        } catch let error as TensorIOError {
            XCTAssertEqual(error.file, url.path)
            return error.reason
        } catch {
            XCTFail("\(error)")
            return nil
        }
    }

    /// `--out /dev/null` (or a pipe) is written into; an atomic rename would put a regular file in the device's place.
    func testDevicesAreWrittenIntoNotReplaced() throws {
        XCTAssertNil(reason(writingTo: URL(fileURLWithPath: "/dev/null")))
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        XCTAssertEqual(type, .typeCharacterSpecial, "/dev/null is still the device")
    }

    /// A symbolic link keeps pointing at its target, which gets the new contents.
    func testALinkIsWrittenThrough() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.npy"), link = folder.appendingPathComponent("link.npy")
        try Data("old".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        XCTAssertNil(reason(writingTo: link))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), target.path)
        XCTAssertEqual(try NPY.read(target).floatValues(), [1, 2])
    }

    func testAMissingFolderIsNamed() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-missing-\(UUID().uuidString)")
        XCTAssertEqual(reason(writingTo: folder.appendingPathComponent("y.npy")),
                       "cannot be written (the folder \(folder.path) does not exist)")
    }

    func testAFileInPlaceOfTheFolderIsNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("latent-plain-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertEqual(reason(writingTo: file.appendingPathComponent("y.npy")), "cannot be written (\(file.path) is not a folder)")
    }

    /// Commands check their output paths before long work, with the reasons a write would give.
    func testCheckWritableGivesTheReasonAWriteWould() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("latent-missing-\(UUID().uuidString)")
        let target = missing.appendingPathComponent("y.npy")
        XCTAssertThrowsError(try checkWritable(target)) { error in
            XCTAssertEqual(error as? TensorIOError,
                           TensorIOError(file: target.path, reason: "cannot be written (the folder \(missing.path) does not exist)"))
        }
        let temporary = FileManager.default.temporaryDirectory
        XCTAssertNoThrow(try checkWritable(temporary.appendingPathComponent("latent-\(UUID().uuidString).npy")))
        XCTAssertThrowsError(try checkWritable(temporary)) { error in
            XCTAssertEqual((error as? TensorIOError)?.reason, "cannot be written (it is a folder)")
        }
    }

    /// A folder without write permission (checked as an unprivileged user only: root may write anywhere, and the
    /// bad-input matrix runs this case as the user `nobody`).
    func testAFolderWithoutPermissionIsNamed() throws {
        try XCTSkipIf(getuid() == 0, "root may write in any folder")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-locked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { chmod(folder.path, 0o755); try? FileManager.default.removeItem(at: folder) }
        chmod(folder.path, 0o555)
        XCTAssertEqual(reason(writingTo: folder.appendingPathComponent("y.npy")),
                       "cannot be written (no permission to write in \(folder.path))")
    }
}
