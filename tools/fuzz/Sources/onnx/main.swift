import FuzzDriver
import Foundation
import ONNX

/// ONNX model loading as `latent info` and `latent onnx-run` do it (`ONNXModel.load`): protobuf decoding, then the
/// loaded → typed (shape inference) → simplified (constant folding, fusions) → planned stages, and the summary.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = count == 0 ? Data() : Data(bytes: start!, count: count)
    if let model = try? ONNXModel.load(data: data, name: "input.onnx") {
        _ = model.summary.lines
        _ = model.inputs.map(\.description)
        _ = model.outputs.map(\.description)
    }
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
