import FuzzDriver
import Foundation
import Tensors

/// The file each input is written to: `NPZ.read` reads archives from files.
let file = FileManager.default.temporaryDirectory.appendingPathComponent("latent-fuzz-\(getpid()).npz")

/// NPZ reading (`NPZ.read`): zip parsing, inflating and each member's NPY decoding.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = count == 0 ? Data() : Data(bytes: start!, count: count)
    guard (try? data.write(to: file)) != nil else { fatalError("cannot write \(file.path)") }
    if let arrays = try? NPZ.read(file) {
        for (name, tensor) in arrays {
            precondition(Tensor.elementCount(tensor.shape) == tensor.count, "\(name): shape \(tensor.shape) but \(tensor.count) elements")
        }
    }
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
