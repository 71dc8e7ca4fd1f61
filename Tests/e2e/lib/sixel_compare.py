#!/usr/bin/env python3
"""Compares an image decoded from sixel (raw 8-bit RGB from ImageMagick) with the .npy it was encoded from.

Usage: sixel_compare.py IMAGE.npy DECODED.rgb WIDTH HEIGHT SCALE TOLERANCE [--shift]

IMAGE.npy is float32 H×W, H×W×3 or C×H×W in [0, 1]. It is scaled to WIDTH×HEIGHT the way `latent
sixel-encode` does (SCALE nearest or bilinear, pixel centres aligned), each channel rounded to 8 bits, and
every channel of every pixel of DECODED.rgb must be within TOLERANCE of it. --shift moves the expected image
one pixel to the right first (to check that the comparison can fail). Exit status 0 if all pixels match,
1 if not. Python standard library only.
"""
import ast
import struct
import sys
from array import array


def read_npy(path):
    """(shape, flat float list) of a little-endian float32 or float64 .npy file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"{path}: not an .npy file")
    major = data[6]
    if major == 1:
        header_len = struct.unpack("<H", data[8:10])[0]
        start = 10
    else:
        header_len = struct.unpack("<I", data[8:12])[0]
        start = 12
    header = ast.literal_eval(data[start:start + header_len].decode("latin1"))
    if header["fortran_order"]:
        sys.exit(f"{path}: Fortran order is not supported")
    typecode = {"<f4": "f", "<f8": "d"}.get(header["descr"])
    if typecode is None:
        sys.exit(f"{path}: dtype {header['descr']} is not supported")
    values = array(typecode)
    values.frombytes(data[start + header_len:])
    return tuple(header["shape"]), list(values)


def to_rgb_rows(shape, values):
    """(width, height, pixels) with pixels[y][x] = (r, g, b) floats; grey repeated."""
    if len(shape) == 2:
        h, w = shape
        return w, h, [[(values[y * w + x],) * 3 for x in range(w)] for y in range(h)]
    if len(shape) == 3 and shape[2] == 3:
        h, w, _ = shape
        return w, h, [[tuple(values[(y * w + x) * 3 + c] for c in range(3)) for x in range(w)] for y in range(h)]
    if len(shape) == 3 and shape[0] in (1, 3):
        c, h, w = shape
        plane = h * w
        return w, h, [[tuple(values[(k if c == 3 else 0) * plane + y * w + x] for k in range(3))
                       for x in range(w)] for y in range(h)]
    sys.exit(f"unsupported shape {shape}")


def clamp(v):
    return 0.0 if not v > 0 else (1.0 if v > 1 else v)


def to_byte(v):
    v = clamp(v)
    return int(v * 255 + 0.5)


def nearest_index(i, src, dst):
    return min(src - 1, (2 * i + 1) * src // (2 * dst))


def bilinear_weights(src, dst):
    scale = src / dst
    out = []
    for i in range(dst):
        s = max(0.0, min(src - 1.0, (i + 0.5) * scale - 0.5))
        i0 = int(s)
        out.append((i0, min(src - 1, i0 + 1), s - i0))
    return out


def scaled(w, h, rows, width, height, mode):
    """The image scaled to width×height as 8-bit RGB rows."""
    if (w, h) == (width, height):
        return [[tuple(to_byte(v) for v in p) for p in row] for row in rows]
    if mode == "nearest":
        return [[tuple(to_byte(v) for v in rows[nearest_index(y, h, height)][nearest_index(x, w, width)])
                 for x in range(width)] for y in range(height)]
    xw, yw = bilinear_weights(w, width), bilinear_weights(h, height)
    out = []
    for y0, y1, fy in yw:
        row = []
        for x0, x1, fx in xw:
            px = []
            for c in range(3):
                a, b = rows[y0][x0][c], rows[y0][x1][c]
                p, q = rows[y1][x0][c], rows[y1][x1][c]
                top, bottom = a + (b - a) * fx, p + (q - p) * fx
                px.append(to_byte(top + (bottom - top) * fy))
            row.append(tuple(px))
        out.append(row)
    return out


def main():
    args = sys.argv[1:]
    shift = "--shift" in args
    args = [a for a in args if a != "--shift"]
    npy, raw, width, height, mode, tolerance = args[0], args[1], int(args[2]), int(args[3]), args[4], int(args[5])
    w, h, rows = to_rgb_rows(*read_npy(npy))
    expected = scaled(w, h, rows, width, height, mode)
    if shift:
        expected = [[row[max(0, x - 1)] for x in range(width)] for row in expected]
        expected = [[tuple((v + 40) % 256 for v in row[0])] + row[1:] for row in expected]
    with open(raw, "rb") as f:
        data = f.read()
    if len(data) != width * height * 3:
        print(f"decoded image has {len(data)} bytes, expected {width}×{height}×3 = {width * height * 3}")
        return 1
    worst, where = 0, None
    for y in range(height):
        for x in range(width):
            for c in range(3):
                d = abs(data[(y * width + x) * 3 + c] - expected[y][x][c])
                if d > worst:
                    worst, where = d, (x, y, c)
    verdict = "ok" if worst <= tolerance else "MISMATCH"
    print(f"{verdict}: largest difference {worst} of 255 (allowed {tolerance})" + (f" at x={where[0]} y={where[1]} channel {where[2]}" if where else ""))
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
