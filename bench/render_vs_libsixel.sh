#!/usr/bin/env bash
# render_vs_libsixel.sh: our sixel encoder against libsixel on the first Fashion-MNIST test image scaled ×8
# (nearest) to 224×224 grey. Prints output size and worst pixel error (decoded by sixel2png) for
# img2sixel and `latent sixel-encode`, encode time in-process (our `latent bench` against libsixel's
# sixel_encode called through ctypes, 256 colours, no diffusion), and whole-process time of both tools.
# Needs dataset-fashion-mnist, libsixel-bin, imagemagick, python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."
LATENT_BIN="${LATENT_BIN:-$PWD/.build/release/latent}"
FASHION=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
for need in "$FASHION" "$(command -v img2sixel || true)" "$(command -v sixel2png || true)" "$(command -v convert || true)"; do
  [ -n "$need" ] && [ -e "$need" ] || { echo "render_vs_libsixel: missing $need (apt-get install dataset-fashion-mnist libsixel-bin imagemagick)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The image: 28×28 from the IDX file, ×8 nearest, as .npy (float32) for us and PNG for img2sixel.
python3 - "$FASHION" "$work" <<'PY'
import gzip, struct, sys
src, work = sys.argv[1], sys.argv[2]
pixels = gzip.open(src).read()[16:16 + 784]
big = bytes(pixels[(y // 8) * 28 + x // 8] for y in range(224) for x in range(224))
open(f"{work}/fm.pgm", "wb").write(b"P5 224 224 255\n" + big)
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (224, 224), }"
header += " " * (63 - (10 + len(header)) % 64) + "\n"
with open(f"{work}/fm.npy", "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack("<50176f", *[v / 255 for v in big]))
PY
convert "$work/fm.pgm" "$work/fm.png"

# errors SIXEL: the largest and the mean |decoded - original| over all pixels.
errors() {
  sixel2png -i "$1" -o "$work/decoded.png"
  convert "$work/decoded.png" -depth 8 "gray:$work/decoded.gray"
  python3 -c "
import sys
a = open('$work/decoded.gray', 'rb').read(); b = open('$work/fm.pgm', 'rb').read()[-len(a):]
d = [abs(x - y) for x, y in zip(a, b)]
print(f'{max(d)} {sum(d) / len(d):.2f}')"
}

img2sixel "$work/fm.png" > "$work/lib.six"
"$LATENT_BIN" sixel-encode "$work/fm.npy" --out "$work/ours.six"
sizes="img2sixel $(wc -c < "$work/lib.six") $(errors "$work/lib.six")"
sizes="$sizes;latent (default, tolerance 6) $(wc -c < "$work/ours.six") $(errors "$work/ours.six")"
for t in 2 4 8; do
  "$LATENT_BIN" sixel-encode "$work/fm.npy" --out "$work/ours$t.six" --grey-tolerance "$t"
  sizes="$sizes;latent --grey-tolerance $t $(wc -c < "$work/ours$t.six") $(errors "$work/ours$t.six")"
done

# In-process encode times.
ours_s=$("$LATENT_BIN" bench --json --only render | python3 -c "
import json, sys
print(next(m['seconds'] for m in json.load(sys.stdin) if m['name'] == 'render.sixel_grey_224'))")
lib_s=$(python3 - "$work/fm.pgm" <<'PY'
import ctypes, sys, time
lib = ctypes.CDLL("libsixel.so.1")
grey = open(sys.argv[1], "rb").read()[-224 * 224:]
rgb = (ctypes.c_ubyte * (3 * len(grey))).from_buffer_copy(bytes(v for g in grey for v in (g, g, g)))
WRITE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_char), ctypes.c_int, ctypes.c_void_p)
sink = WRITE(lambda data, size, priv: size)
def encode():
    output, dither = ctypes.c_void_p(), ctypes.c_void_p()
    assert lib.sixel_output_new(ctypes.byref(output), sink, None, None) == 0
    assert lib.sixel_dither_new(ctypes.byref(dither), 256, None) == 0
    assert lib.sixel_dither_initialize(dither, rgb, 224, 224, 3, 0, 0, 0) == 0  # RGB888, auto methods
    lib.sixel_dither_set_diffusion_type(dither, 1)  # none, as our encoder
    assert lib.sixel_encode(rgb, 224, 224, 1, dither, output) == 0
    lib.sixel_dither_unref(dither)
    lib.sixel_output_unref(output)
encode()
times = []
for _ in range(51):
    start = time.perf_counter(); encode(); times.append(time.perf_counter() - start)
print(sorted(times)[25])
PY
)

# Whole-process times (start-up, file reading, encoding, writing), median of 21 runs each.
median_run() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
times = []
for _ in range(21):
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - start)
print(sorted(times)[10])
PY
}
lib_proc=$(median_run img2sixel "$work/fm.png")
ours_proc=$(median_run "$LATENT_BIN" sixel-encode "$work/fm.npy")
ours_start=$(median_run "$LATENT_BIN" --version)

python3 - "$sizes" "$lib_s" "$ours_s" "$lib_proc" "$ours_proc" "$ours_start" <<'PY'
import sys
rows = [r.rsplit(" ", 3) for r in sys.argv[1].split(";")]
ls, os_, lp, op, start = map(float, sys.argv[2:7])
print("sixel, Fashion-MNIST test image 0 scaled x8 to 224x224 grey (errors of 255 per pixel, decoded by sixel2png)")
base = int(rows[0][1])
for name, size, worst, mean in rows:
    ratio = "" if name == "img2sixel" else f"   size ratio {int(size) / base:.2f}"
    print(f"  {name:32s} {int(size):6d} bytes, worst error {worst:>2s}, mean {mean}{ratio}")
print(f"  encode libsixel (in-process, 256 colours, no diffusion) {ls * 1e3:7.3f} ms")
print(f"  encode latent   (in-process, latent bench)               {os_ * 1e3:7.3f} ms   ratio {os_ / ls:.2f}")
print(f"  process img2sixel fm.png          {lp * 1e3:7.2f} ms")
print(f"  process latent sixel-encode fm.npy {op * 1e3:7.2f} ms   ratio {op / lp:.2f}"
      f"   (of which start-up, latent --version: {start * 1e3:.2f} ms)")
PY
