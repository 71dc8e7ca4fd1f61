#!/usr/bin/env bash
# Regenerates Sources/ONNXProto/onnx-subset.pb.swift from tools/proto/onnx-subset.proto (public types: the
# ONNX target reads them, ONNXGraphBuilding writes them).
#
# Needs protoc (Debian package protobuf-compiler) and protoc-gen-swift built from swift-protobuf 1.39.0, the
# version Package.swift resolves, e.g.:
#   git clone --branch 1.39.0 https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift tools/generate_onnx_proto.sh
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}"
[[ -x "$plugin" ]] || { echo "protoc-gen-swift not found: set PROTOC_GEN_SWIFT" >&2; exit 1; }
protoc --plugin=protoc-gen-swift="$plugin" \
       --proto_path=tools/proto \
       --swift_out=Sources/ONNXProto \
       --swift_opt=Visibility=Public \
       --swift_opt=FileNaming=FullPath \
       onnx-subset.proto
echo "wrote Sources/ONNXProto/onnx-subset.pb.swift"
