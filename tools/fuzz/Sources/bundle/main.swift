import FuzzDriver
import Foundation
import LatentSpace

/// A folder holding the files a manifest may name, so that the parser gets past its existence checks.
let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("latent-fuzz-bundle-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for name in ["encoder.onnx", "decoder.onnx", "data.npz", "labels.npy", "x.npy"] {
        FileManager.default.createFile(atPath: url.appendingPathComponent(name).path, contents: Data())
    }
    return url
}()

/// `bundle.json` parsing and validation (`ModelBundle.parse`, under `ModelBundle.load`), and the derived values
/// the commands read straight after it (files to hash, values per sample).
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = count == 0 ? Data() : Data(bytes: start!, count: count)
    if let bundle = try? ModelBundle.parse(data, folder: folder, file: "bundle.json") {
        _ = bundle.files
        _ = bundle.sample?.size
    }
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
