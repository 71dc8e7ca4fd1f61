// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "latent",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "latent", targets: ["latent"]),
        // Libraries for the fuzz targets in tools/fuzz (a separate package that imports the parsers).
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "ONNX", targets: ["ONNX"]),
        .library(name: "LatentSpace", targets: ["LatentSpace"]),
        .library(name: "Render", targets: ["Render"]),
        .library(name: "TerminalUI", targets: ["TerminalUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg",
                       providers: [.apt(["libjpeg-dev"])]),

        // MARK: - Libraries
        .target(name: "Tensors", dependencies: [
            "COpenBLAS",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The ONNX protobuf messages, generated (tools/generate_onnx_proto.sh): read by ONNX, written by
        // ONNXGraphBuilding.
        .target(name: "ONNXProto", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "ONNX", dependencies: [
            "Tensors", "ONNXProto",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // Builds ONNX graphs in memory: the tests' models and the benchmarks' synthetic ones (not in a product).
        .target(name: "ONNXGraphBuilding", dependencies: [
            "ONNX", "ONNXProto", "Tensors",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .target(name: "Projection", dependencies: ["Tensors"]),
        .target(name: "LatentSpace", dependencies: ["Tensors", "ONNX", "Projection", "CPNG", "CJPEG"]),
        // ZIPFoundation for its zlib module (the kitty graphics protocol sends compressed pixels).
        .target(name: "Render", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Explorer", dependencies: ["LatentSpace", "Projection", "Render"]),
        .target(name: "TerminalUI", dependencies: ["Explorer", "Render", "CNcurses"]),

        // MARK: - Executable
        .executableTarget(name: "latent", dependencies: [
            "Tensors", "ONNX", "ONNXGraphBuilding", "Projection", "LatentSpace", "Render", "Explorer", "TerminalUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Tests
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "ONNXTests", dependencies: ["ONNX", "ONNXProto", "ONNXGraphBuilding", "Tensors"]),
        .testTarget(name: "ProjectionTests", dependencies: ["Projection", "Tensors"]),
        .testTarget(name: "LatentSpaceTests", dependencies: ["LatentSpace", "Tensors"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "Render", "LatentSpace"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "Explorer", "Render"]),
        .testTarget(name: "CLITests", dependencies: ["latent"]),
    ]
)
