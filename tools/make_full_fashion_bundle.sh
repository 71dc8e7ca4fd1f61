#!/usr/bin/env bash
# make_full_fashion_bundle.sh: builds a bundle of the full Fashion-MNIST (60,000 training + 10,000 test images,
# in that order) from Debian's `dataset-fashion-mnist` (IDX files under /usr/share/datasets/fashion-mnist/),
# with the shipped fashion-mnist-vae encoder, decoder and class names. No Python: the IDX payloads are copied
# into .npy files (uint8 pixels [70000, 1, 28, 28], uint8 labels [70000]) and stored in data.npz with zip.
#
#   tools/make_full_fashion_bundle.sh [OUT_DIR]
#
# OUT_DIR defaults to $XDG_CACHE_HOME/latent-bundles/fashion-mnist-full (~/.cache/... without XDG_CACHE_HOME).
# Prints the bundle's path. The data is 55 MB: keep it out of git.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SOURCE="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
OUT="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/latent-bundles/fashion-mnist-full}"
SHIPPED="$ROOT/models/fashion-mnist-vae"

die() { echo "make_full_fashion_bundle: $*" >&2; exit 2; }

for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -r "$SOURCE/$f.gz" ] || die "$SOURCE/$f.gz is missing (apt-get install dataset-fashion-mnist)"
done
command -v zip >/dev/null || die "zip is missing (apt-get install zip)"

# The big-endian 32-bit word at byte OFFSET of a gzipped IDX file.
idx_word() { gzip -dc "$1" | head -c $(($2 + 4)) | tail -c 4 | od -An -tu1 | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }'; }

# Checks an IDX file's magic number and item count (and 28×28 for images).
check_idx() {
  local file="$SOURCE/$1.gz" magic="$2" count="$3"
  [ "$(idx_word "$file" 0)" = "$magic" ] || die "$file: not an IDX file with magic $magic"
  [ "$(idx_word "$file" 4)" = "$count" ] || die "$file: expected $count items"
  if [ "$magic" = 2051 ]; then
    [ "$(idx_word "$file" 8)" = 28 ] && [ "$(idx_word "$file" 12)" = 28 ] || die "$file: images are not 28×28"
  fi
}
check_idx train-images-idx3-ubyte 2051 60000
check_idx t10k-images-idx3-ubyte 2051 10000
check_idx train-labels-idx1-ubyte 2049 60000
check_idx t10k-labels-idx1-ubyte 2049 10000

# An .npy version 1.0 header for a C-ordered array (descr, shape as a Python tuple), padded to 64 bytes.
npy_header() {
  local dict="{'descr': '$1', 'fortran_order': False, 'shape': $2, }"
  local pad=$(((64 - (10 + ${#dict} + 1) % 64) % 64))
  dict+="$(printf '%*s' "$pad" '')"
  local len=$((${#dict} + 1))
  printf '\x93NUMPY\x01\x00'
  printf "\\x$(printf %02x $((len & 255)))\\x$(printf %02x $((len >> 8)))"
  printf '%s\n' "$dict"
}

mkdir -p "$OUT"
work="$(mktemp -d "$OUT/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
{
  npy_header '|u1' '(70000, 1, 28, 28)'
  gzip -dc "$SOURCE/train-images-idx3-ubyte.gz" | tail -c +17
  gzip -dc "$SOURCE/t10k-images-idx3-ubyte.gz" | tail -c +17
} >"$work/x.npy"
{
  npy_header '|u1' '(70000,)'
  gzip -dc "$SOURCE/train-labels-idx1-ubyte.gz" | tail -c +9
  gzip -dc "$SOURCE/t10k-labels-idx1-ubyte.gz" | tail -c +9
} >"$work/y.npy"
[ "$(stat -c %s "$work/x.npy")" = $((128 + 70000 * 784)) ] || die "x.npy has the wrong size"
[ "$(stat -c %s "$work/y.npy")" = $((128 + 70000)) ] || die "y.npy has the wrong size"
# Stored, not deflated: the explorer reads it faster and the pixels compress only to 44%.
(cd "$work" && zip -q -0 -X data.npz x.npy y.npy)

cp "$SHIPPED/encoder.onnx" "$SHIPPED/decoder.onnx" "$work/"
# The shipped manifest with a new name: same models, same data file layout, same classes.
sed -E 's/"name": *"[^"]*"/"name": "Fashion-MNIST VAE, 16-d latent (all 70,000)"/' "$SHIPPED/bundle.json" >"$work/bundle.json"
grep -q '"data": {"file": "data.npz", "x": "x", "y": "y"' "$work/bundle.json" || die "$SHIPPED/bundle.json: unexpected data entry"
for f in bundle.json data.npz encoder.onnx decoder.onnx; do mv -f "$work/$f" "$OUT/$f"; done
echo "$OUT"
