#!/usr/bin/env python3
"""shot_check.py PNG --cols C --rows R [checks]: reads a screenshot of a terminal window and checks what a person
would look for. The window is C x R cells plus a border of --border pixels (xterm's default internal border: 2).

Image pixels are pixels inside a 5x5 block of non-background pixels: text strokes and braille dots are thinner
than that, decoded samples are not.

Checks (each prints what it measured; the exit status is 1 when any fails):
  --images C0 R0 C1 R1 N   at least N image pixels inside cells [C0, C1) x [R0, R1)
  --no-images C0 R0 C1 R1  no image pixels inside those cells (e.g. under a help overlay)
  --edge-clear             no image pixels in the last cell column of the window, nor touching its right edge
  --max-levels N           image pixels in --images regions use at most N distinct colours (sixel registers)
"""
import argparse
import sys

import numpy as np
from PIL import Image


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("png")
    ap.add_argument("--cols", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--border", type=int, default=2)
    ap.add_argument("--images", nargs=5, type=int, action="append", default=[])
    ap.add_argument("--no-images", nargs=4, type=int, action="append", default=[])
    ap.add_argument("--edge-clear", action="store_true")
    ap.add_argument("--max-levels", type=int)
    a = ap.parse_args()

    px = np.asarray(Image.open(a.png).convert("RGB")).astype(np.int32)
    h, w, _ = px.shape
    b = a.border
    cw, ch = (w - 2 * b) / a.cols, (h - 2 * b) / a.rows
    # The background: the commonest colour (most of a terminal is empty).
    colours, counts = np.unique(px.reshape(-1, 3), axis=0, return_counts=True)
    background = colours[counts.argmax()]
    ink = np.abs(px - background).sum(axis=-1) > 30
    # 5x5 blocks of ink: a pixel is an image pixel when its whole 5x5 neighbourhood is ink.
    from numpy.lib.stride_tricks import sliding_window_view
    padded = np.pad(ink, 2)
    image = sliding_window_view(padded, (5, 5)).all(axis=(-1, -2))

    def cells(c0, r0, c1, r1):
        x0, x1 = int(round(b + c0 * cw)), int(round(b + c1 * cw))
        y0, y1 = int(round(b + r0 * ch)), int(round(b + r1 * ch))
        return slice(y0, y1), slice(x0, x1)

    ok = True
    print(f"window {w}x{h} px, cell {cw:g}x{ch:g} px")
    for c0, r0, c1, r1, n in a.images:
        ys, xs = cells(c0, r0, c1, r1)
        count = int(image[ys, xs].sum())
        colours = len({tuple(p) for p in px[ys, xs][image[ys, xs]]})
        good = count >= n
        print(f"images in cells {c0},{r0}-{c1},{r1}: {count} px, {colours} colours (want >= {n} px)"
              + ("" if good else "  FAIL"))
        ok &= good
        if a.max_levels is not None:
            good = colours <= a.max_levels
            print(f"  colours {colours} (want <= {a.max_levels})" + ("" if good else "  FAIL"))
            ok &= good
    for c0, r0, c1, r1 in a.no_images:
        ys, xs = cells(c0, r0, c1, r1)
        count = int(image[ys, xs].sum())
        good = count == 0
        print(f"no images in cells {c0},{r0}-{c1},{r1}: {count} px" + ("" if good else "  FAIL"))
        ok &= good
    if a.edge_clear:
        # The last cell column and the border right of it, away from the title and status rows.
        ys, _ = cells(0, 1, 1, a.rows - 1)
        x0 = int(round(b + (a.cols - 1) * cw))
        count = int(image[ys, x0:].sum()) + int(ink[ys, w - b - 1:].sum())
        good = count == 0
        print(f"right edge: {count} px" + ("" if good else "  FAIL"))
        ok &= good
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
