import FuzzDriver
import Foundation
import Render

/// The parsers of the terminal's answers (`TerminalReplies.deviceAttributes`, `.cellSize`, `.textAreaSize`,
/// `.sixelRegisters`) on any bytes: the
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
    if let (value, range) = TerminalReplies.textAreaSize(in: bytes) {
        precondition(range.upperBound <= bytes.count && value.width > 0 && value.height > 0, "text area \(value) at \(range)")
        precondition(TerminalReplies.textAreaSize(in: Array(bytes[range]))?.value == value, "text area differs on its own range")
    }
    if let (value, range) = TerminalReplies.sixelRegisters(in: bytes) {
        precondition(range.upperBound <= bytes.count && value >= 2 && value <= 65_536, "registers \(value) at \(range)")
        precondition(TerminalReplies.sixelRegisters(in: Array(bytes[range]))?.value == value, "registers differ on their own range")
    }
    if let (value, range) = TerminalReplies.terminalVersion(in: bytes) {
        precondition(range.upperBound <= bytes.count && !value.isEmpty, "version \(value) at \(range)")
        precondition(TerminalReplies.terminalVersion(in: Array(bytes[range]))?.value == value, "version differs on its own range")
    }
    if let (value, range) = TerminalReplies.kittyGraphics(in: bytes) {
        precondition(range.upperBound <= bytes.count, "kitty answer at \(range)")
        precondition(TerminalReplies.kittyGraphics(in: Array(bytes[range]))?.value == value, "kitty answer differs on its own range")
    }
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
