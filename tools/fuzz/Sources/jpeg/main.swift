import FuzzDriver
import Foundation
import LatentSpace

/// JPEG decoding through the system's libjpeg (`ImageDecoder.decode`, under image folders): any bytes give an
/// image whose pixel count matches its size, or an `ImageDecodingError`; the image is then converted to grey and
/// RGB planes and resized, as a folder's images are.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = count == 0 ? Data() : Data(bytes: start!, count: count)
    guard let image = try? ImageDecoder.decode(data) else { return 0 }
    precondition(image.pixels.count == image.width * image.height * image.channels,
                 "\(image.width)x\(image.height)x\(image.channels) but \(image.pixels.count) samples")
    guard image.width * image.height <= 1 << 20 else { return 0 }
    for channels in [1, 3] {
        var planes = [UInt8](repeating: 0, count: channels * image.width * image.height)
        planes.withUnsafeMutableBufferPointer { image.writePlanes(channels: channels, into: $0) }
        let resampler = PlaneResampler(sourceWidth: image.width, sourceHeight: image.height, width: 9, height: 5)
        var out = [UInt8](repeating: 0, count: 45)
        planes.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer {
                resampler.resize(UnsafeBufferPointer(rebasing: p[0..<(image.width * image.height)]), into: $0)
            }
        }
    }
    return 0
}

exit(fuzz_driver_run(CommandLine.argc, CommandLine.unsafeArgv, testOneInput))
