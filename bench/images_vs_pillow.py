#!/usr/bin/env python3
"""Reading image folders: `latent images` against Pillow doing the same in one Python process.

Two folders, written once into a temporary folder with Pillow:
  - 10,000 28×28 grey PNGs (Fashion-MNIST training images from Debian's dataset-fashion-mnist, else the shipped
    bundle's data.npz), in 10 class sub-folders; read as [1, 28, 28];
  - 1,000 256×256 RGB JPEGs (quality 90; Fashion-MNIST images enlarged and tinted), flat; read as [3, 64, 64],
    i.e. decoded and resized bilinearly to 64×64.
latent: `latent images DIR --out x.npy --shape C,H,W --threads T --no-cache`, timed as a whole process (start,
listing, decoding, writing the .npy). Pillow: sorted listing, `Image.open(p).convert("L")` (PNG) or
`.convert("RGB").resize((64, 64), Image.BILINEAR)` (JPEG), `np.asarray` into one array. Rounds interleave latent
and Pillow; medians are reported, with the ratio latent / Pillow (below 1 is faster). The arrays are compared:
PNG samples must be equal, JPEG samples within a few levels (both use libjpeg; the resizes round differently).

Usage: bench/images_vs_pillow.py [--threads 2] [--rounds 3]
"""
import argparse
import gzip
import os
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
IMAGES = Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
LABELS = Path("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")


def fashion(n):
    if IMAGES.exists():
        with gzip.open(IMAGES, "rb") as f:
            x = np.frombuffer(f.read()[16:], dtype=np.uint8).reshape(-1, 28, 28)
        with gzip.open(LABELS, "rb") as f:
            y = np.frombuffer(f.read()[8:], dtype=np.uint8)
    else:
        data = np.load(ROOT / "models/fashion-mnist-vae/data.npz")
        x, y = data["x"][:, 0], data["y"]
    return x[:n], y[:n]


def write_pngs(folder, n):
    x, y = fashion(n)
    for c in range(10):
        (folder / f"class{c}").mkdir(parents=True)
    for i in range(n):
        Image.fromarray(x[i], "L").save(folder / f"class{y[i]}" / f"{i:05d}.png")


def write_jpegs(folder, n):
    folder.mkdir(parents=True)
    x, _ = fashion(n)
    tints = np.random.default_rng(0).uniform(0.3, 1.0, (n, 3))
    for i in range(n):
        grey = np.asarray(Image.fromarray(x[i], "L").resize((256, 256), Image.BICUBIC), dtype=np.float32)
        rgb = (grey[..., None] * tints[i]).clip(0, 255).astype(np.uint8)
        Image.fromarray(rgb, "RGB").save(folder / f"{i:04d}.jpg", quality=90)


def pillow_read(folder, mode, size):
    paths = []
    for entry in sorted(os.listdir(folder)):
        path = folder / entry
        paths += [path / f for f in sorted(os.listdir(path))] if path.is_dir() else [path]
    out = []
    for p in paths:
        with Image.open(p) as image:
            image = image.convert(mode)
            if image.size != size:
                image = image.resize(size, Image.BILINEAR)
            out.append(np.asarray(image))
    return np.stack(out)


def latent_read(binary, folder, shape, threads, out):
    subprocess.run([binary, "images", str(folder), "--out", str(out), "--shape", shape, "--threads", str(threads),
                    "--no-cache"], check=True, capture_output=True)
    return np.load(out)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    binary = os.environ.get("LATENT_BIN", str(ROOT / ".build/release/latent"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_pngs(tmp / "png", 10_000)
        write_jpegs(tmp / "jpeg", 1_000)
        cases = [("10,000 PNG 28×28 grey", tmp / "png", "L", (28, 28), "1,28,28", 0),
                 ("1,000 JPEG 256×256 → 64×64", tmp / "jpeg", "RGB", (64, 64), "3,64,64", 3)]
        print(f"threads {args.threads}, {args.rounds} rounds (medians); ratio = latent / Pillow")
        print("| case | latent (s) | Pillow (s) | ratio | latent 1 thread (s) | max difference |")
        print("|---|---|---|---|---|---|")
        for name, folder, mode, size, shape, tolerance in cases:
            ours, peer, single = [], [], []
            for _ in range(args.rounds):
                t, x = timed(lambda: latent_read(binary, folder, shape, args.threads, tmp / "x.npy"))
                ours.append(t)
                t, y = timed(lambda: pillow_read(folder, mode, size))
                peer.append(t)
                t, _ = timed(lambda: latent_read(binary, folder, shape, 1, tmp / "x.npy"))
                single.append(t)
            y = y[:, None] if y.ndim == 3 else np.moveaxis(y, -1, 1)
            diff = int(np.abs(x.astype(np.int16) - y.astype(np.int16)).max())
            assert x.shape == y.shape, (x.shape, y.shape)
            assert diff <= tolerance, f"{name}: latent and Pillow differ by {diff} levels"
            m, p, s = np.median(ours), np.median(peer), np.median(single)
            print(f"| {name} | {m:.3f} | {p:.3f} | {m / p:.2f}× | {s:.3f} | {diff} |")


if __name__ == "__main__":
    main()
