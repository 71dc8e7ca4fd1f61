import FuzzDriver
import Foundation
import Render

/// The parsers of the terminal's answers (`TerminalReplies.deviceAttributes`, `.cellSize`) on any bytes: the
/// answer found lies inside the bytes, and parsing just its range finds the same answer.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = count == 0 ? [] : Array(UnsafeBufferPointer(start: start!, count: count))
    if let (value, range) = TerminalReplies.deviceAttributes(in: bytes) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "DA1 range \(range) outside \(bytes.count) bytes")
        precondition(TerminalReplies.deviceAttributes(in: Array(bytes[range]))?.value == value, "DA1 answer differs on its own range")
    }
    if let (value, range) = TerminalReplies.cellSize(in: bytes) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "cell size range \(range) outside \(bytes.count) bytes")
        precondition(value.width > 0 && value.height > 0, "cell size \(value) not positive")
        precondition(TerminalReplies.cellSize(in: Array(bytes[range]))?.value == value, "cell size differs on its own range")
    }
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
