// swift-tools-version:6.0
// Fuzz targets for latent's parsers (libFuzzer + AddressSanitizer), one executable per parser. Not part of the
// main build: `make fuzz` (tools/fuzz/run.sh) links `latent-root` to the repository, builds this package with
// `-sanitize=fuzzer,address` and runs each target for a bounded time. See docs/fuzzing.md.
import PackageDescription

/// The repository's package, through a symbolic link that run.sh makes (`latent-root -> ../..`): a package's
/// identity is its folder's name, and the repository may be checked out under any name.
let latent = "latent-root"

let package = Package(
    name: "latent-fuzz",
    dependencies: [
        .package(path: latent),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "npy", dependencies: ["FuzzDriver", .product(name: "Tensors", package: latent)]),
        .executableTarget(name: "npz", dependencies: ["FuzzDriver", .product(name: "Tensors", package: latent)]),
        .executableTarget(name: "onnx", dependencies: ["FuzzDriver", .product(name: "ONNX", package: latent)]),
        .executableTarget(name: "bundle", dependencies: ["FuzzDriver", .product(name: "LatentSpace", package: latent)]),
        .executableTarget(name: "png", dependencies: ["FuzzDriver", .product(name: "LatentSpace", package: latent)]),
        .executableTarget(name: "jpeg", dependencies: ["FuzzDriver", .product(name: "LatentSpace", package: latent)]),
        .executableTarget(name: "terminal-replies", dependencies: ["FuzzDriver", .product(name: "Render", package: latent)]),
        .executableTarget(name: "input-decoder", dependencies: ["FuzzDriver", .product(name: "TerminalUI", package: latent)]),
    ]
)
