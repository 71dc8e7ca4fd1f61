#!/usr/bin/env bash
# sixel_roundtrip.sh: encodes the fixture images with our sixel encoder (`latent sixel-encode`), decodes them
# with libsixel's sixel2png (an independent decoder), and compares every pixel with the source scaled the same
# way: grey within the encoder's default tolerance of 6 of 255 and, with --grey-tolerance 2, within 2 (the
# rounding of sixel's percent registers with neighbouring greys merged); RGB within the quantiser's stated bound
# of 26 (SixelEncoder.rgbErrorBound). Needs libsixel-bin, imagemagick and python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/../.."
LATENT_BIN="${LATENT_BIN:-$PWD/.build/debug/latent}"
IMAGES=Tests/Fixtures/render/images
COMPARE=Tests/e2e/lib/sixel_compare.py
for tool in sixel2png convert python3; do
  command -v "$tool" >/dev/null || { echo "sixel_roundtrip: $tool is missing (make deps)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# roundtrip NAME WIDTH HEIGHT SCALE TOLERANCE [GREY-TOLERANCE]: encode (with --grey-tolerance when given),
# decode, compare within TOLERANCE.
roundtrip() {
  local name=$1 width=$2 height=$3 scale=$4 tolerance=$5 grey=${6:-}
  local tag="$name-$width-$scale${grey:+-g$grey}"
  local six="$work/$tag.six" png="$work/$tag.png" raw="$work/$tag.rgb"
  "$LATENT_BIN" sixel-encode "$IMAGES/$name.npy" --out "$six" --width "$width" --height "$height" --scale "$scale" \
    ${grey:+--grey-tolerance "$grey"}
  sixel2png -i "$six" -o "$png"
  convert "$png" -depth 8 "rgb:$raw"
  printf '  %-26s %4sx%-4s %-8s %-4s ' "$name" "$width" "$height" "$scale" "${grey:+g$grey}"
  if ! python3 "$COMPARE" "$IMAGES/$name.npy" "$raw" "$width" "$height" "$scale" "$tolerance"; then
    failures=$((failures + 1))
  fi
}

for grey in "" 2; do
  bound=${grey:-6}
  roundtrip grey_uniform_13x11 13 11 nearest "$bound" $grey
  roundtrip grey_gradient_300x7 300 7 nearest "$bound" $grey
  roundtrip grey_1x1 1 1 nearest "$bound" $grey
  roundtrip grey_1x1 5 7 nearest "$bound" $grey
  roundtrip grey_fashion_28x28 28 28 nearest "$bound" $grey
  roundtrip grey_fashion_28x28 224 224 nearest "$bound" $grey
  # Bilinear: our Float arithmetic and the script's doubles may round differently by one.
  roundtrip grey_fashion_28x28 100 75 bilinear $((bound + 1)) $grey
done
roundtrip rgb_gradient_300x7 300 7 nearest 26
roundtrip rgb_1x1 1 1 nearest 26
roundtrip rgb_noise_37x23_chw 37 23 nearest 26
roundtrip rgb_smooth_50x50 50 50 nearest 26
roundtrip rgb_smooth_50x50 75 61 bilinear 27

# The comparison must be able to fail: the gradient shifted by one pixel does not match.
raw="$work/grey_gradient_300x7-300-nearest-g2.rgb"
if python3 "$COMPARE" "$IMAGES/grey_gradient_300x7.npy" "$raw" 300 7 nearest 2 --shift >/dev/null; then
  echo "  a shifted image passed the comparison"
  failures=$((failures + 1))
else
  echo "  shifted image rejected (as it should be)"
fi
if python3 "$COMPARE" "$IMAGES/grey_gradient_300x7.npy" "$raw" 299 7 nearest 2 >/dev/null; then
  echo "  a wrongly sized image passed the comparison"
  failures=$((failures + 1))
fi

# Bad input: exit status 2 and a message naming the file.
python3 - "$work/bad.npy" <<'PY'
import struct, sys
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1), }"
header += " " * (63 - (10 + len(header)) % 64) + "\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack("<f", 0.5))
PY
set +e
message=$("$LATENT_BIN" sixel-encode "$work/bad.npy" --out "$work/bad.six" 2>&1); status=$?
set -e
if [ "$status" -ne 2 ] || [[ "$message" != *bad.npy* ]]; then
  echo "  bad image shape: expected exit 2 naming the file, got $status: $message"
  failures=$((failures + 1))
fi
set +e
"$LATENT_BIN" sixel-encode "$work/missing.npy" >/dev/null 2>&1; status=$?
set -e
[ "$status" -eq 2 ] || { echo "  missing file: expected exit 2, got $status"; failures=$((failures + 1)); }

if [ "$failures" -ne 0 ]; then
  echo "sixel_roundtrip: $failures check(s) failed"
  exit 1
fi
echo "sixel_roundtrip: all images match"
