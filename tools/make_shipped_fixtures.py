#!/usr/bin/env python3
"""Write the reference fixtures of the shipped bundles for the Swift conformance test.

    .venv/bin/python tools/make_shipped_fixtures.py

For every models/<name>/bundle.json it writes Tests/Fixtures/shipped/<name>/:
  input.npy    the first 64 samples of data.npz as float32 divided by x_scale, (64,C,H,W)
  mu.npy, logvar.npy   onnxruntime encoder outputs (kind "vae"), (64,latent) float32
  z.npy        decoder input: mu for a VAE, the encoder output z for an AE, (64,latent)
  x_hat.npy    onnxruntime decoder output on z, raw (before the manifest activation), (64,C,H,W)
All arrays are little-endian float32 .npy (format 1.0), C order.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "train"))
import common  # noqa: E402

N = 64
OUT = common.REPO / "Tests" / "Fixtures" / "shipped"


def save(path: Path, a: np.ndarray):
    a = np.ascontiguousarray(a, dtype="<f4")
    np.save(path, a, allow_pickle=False)


def main():
    dirs = common.bundle_dirs()
    if not dirs:
        raise SystemExit("no bundles under models/")
    for d in dirs:
        b = common.Bundle(d)
        x = b.scaled(b.x_raw[:N])
        enc = b.encode(x)
        out = OUT / d.name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        save(out / "input.npy", x)
        if b.kind == "vae":
            save(out / "mu.npy", enc["mean"])
            save(out / "logvar.npy", enc["logvar"])
            z = enc["mean"]
        else:
            z = enc["output"]
        save(out / "z.npy", z)
        save(out / "x_hat.npy", b.decode_raw(z))
        files = sorted(out.iterdir())
        print(f"{out.relative_to(common.REPO)}: " + ", ".join(
            f"{f.name} {tuple(np.load(f).shape)}" for f in files))


if __name__ == "__main__":
    main()
