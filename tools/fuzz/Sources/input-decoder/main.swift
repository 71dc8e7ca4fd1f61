import FuzzDriver
import Foundation
import TerminalUI

/// The input decoder on any input, split into bursts at every 0xFF byte and read as UTF-8 code points (as
/// curses delivers them): it never crashes, never makes more events than units fed, never holds more than
/// `InputDecoder.maximumLength` bytes of a reply, and is idle after two empty bursts.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = count == 0 ? [] : Array(UnsafeBufferPointer(start: start!, count: count))
    var decoder = InputDecoder()
    var fed = 0, produced = 0
    for burst in bytes.split(separator: 0xFF, omittingEmptySubsequences: false) {
        let units = String(decoding: burst, as: UTF8.self).unicodeScalars.map { InputUnit.character($0.value) }
        fed += units.count
        for event in decoder.feed(units) + decoder.endOfBurst() {
            produced += 1
            if case .reply(let reply) = event {
                precondition(reply.count <= InputDecoder.maximumLength + 4, "reply of \(reply.count) bytes kept")
                precondition(reply.first == 0x1B || (reply.first ?? 0) >= 0x90, "reply without an introducer")
            }
        }
    }
    _ = decoder.endOfBurst()
    _ = decoder.endOfBurst()
    precondition(!decoder.isPending, "a sequence still pending after two empty bursts")
    precondition(produced <= fed, "\(produced) events from \(fed) units")
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
