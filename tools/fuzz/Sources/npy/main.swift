import FuzzDriver
import Foundation
import Tensors

/// NPY decoding (`NPY.decode`, under `NPY.read`): any bytes give a tensor whose element count matches its shape,
/// or a `TensorIOError`.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = count == 0 ? Data() : Data(bytes: start!, count: count)
    if let tensor = try? NPY.decode(data, file: "input.npy") {
        precondition(Tensor.elementCount(tensor.shape) == tensor.count, "shape \(tensor.shape) but \(tensor.count) elements")
    }
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
