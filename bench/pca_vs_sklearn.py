#!/usr/bin/env python3
"""PCA of 70,000×784 (Fashion-MNIST-sized) and 10,000×16: `latent pca` against scikit-learn and numpy.

The matrix is the 70,000 Fashion-MNIST training images scaled to [0, 1] when Debian's dataset-fashion-mnist is
installed (uniform noise of the same size otherwise), and a 10,000×16 Gaussian matrix. Peers: scikit-learn's
PCA with svd_solver="covariance_eigh" (the same algorithm: covariance, then a symmetric eigensolver) and
"full" (LAPACK SVD), and numpy's eigh of the centred covariance. Times are fits only (data already in memory);
latent's time comes from `latent bench --json` (projection.pca_*), which fits the same sizes in-process on
synthetic data. All with the same thread count. The top two components are compared on the real data
(|cos| between latent's `pca` output scores and scikit-learn's).

Usage: bench/pca_vs_sklearn.py [--threads 2]
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THREADS = "2"
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, THREADS)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IMAGES = Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")


def images() -> np.ndarray:
    if not IMAGES.exists():
        return np.random.default_rng(0).random((70_000, 784), dtype=np.float32)
    with gzip.open(IMAGES, "rb") as f:
        data = f.read()
    return np.frombuffer(data[16:], dtype=np.uint8).reshape(-1, 784).astype(np.float32) / 255.0


def best_of(repeats: int, fn) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=int(THREADS))
    args = ap.parse_args()
    from sklearn.decomposition import PCA
    from threadpoolctl import threadpool_limits

    binary = os.environ.get("LATENT_BIN", str(ROOT / ".build/release/latent"))
    out = subprocess.run([binary, "bench", "--json", "--only", "projection.pca", "--threads", str(args.threads)],
                         check=True, capture_output=True, text=True).stdout
    ours = {m["name"]: m["seconds"] for m in json.loads(out)}

    x = images()
    small = np.random.default_rng(1).standard_normal((10_000, 16)).astype(np.float32)
    rows = []
    with threadpool_limits(args.threads):
        for name, data, key in (("70,000×784", x, "projection.pca_70k_784"), ("10,000×16", small, "projection.pca_10k_16")):
            peers = {
                "scikit-learn covariance_eigh": best_of(3, lambda: PCA(2, svd_solver="covariance_eigh").fit(data)),
                "scikit-learn full SVD": best_of(1 if data.shape[1] > 100 else 3, lambda: PCA(2, svd_solver="full").fit(data)),
                "numpy eigh of the covariance": best_of(3, lambda: np.linalg.eigh(np.cov(data, rowvar=False))),
            }
            rows.append((name, ours[key], peers))

        with tempfile.TemporaryDirectory() as tmp:
            src, dst = Path(tmp) / "x.npy", Path(tmp) / "y.npy"
            np.save(src, x)
            subprocess.run([binary, "pca", str(src), "--out", str(dst), "--threads", str(args.threads)],
                           check=True, capture_output=True)
            y = np.load(dst)
        reference = PCA(2, svd_solver="covariance_eigh").fit_transform(x)
    cosines = [abs(np.dot(y[:, i], reference[:, i])) / (np.linalg.norm(y[:, i]) * np.linalg.norm(reference[:, i]))
               for i in range(2)]

    print(f"PCA fit, 2 components, {args.threads} threads (latent: `latent bench` median; peers: best of runs)")
    print("| data | method | time (s) | time / latent |")
    print("|---|---|---:|---:|")
    for name, mine, peers in rows:
        print(f"| {name} | latent | {mine:.4f} | 1.00× |")
        for peer, seconds in peers.items():
            print(f"| {name} | {peer} | {seconds:.4f} | {seconds / mine:.2f}× |")
    print(f"\nscores of the first two components vs scikit-learn on the 70,000×784 data: |cos| = "
          f"{cosines[0]:.6f}, {cosines[1]:.6f}")
    if min(cosines) < 0.9999:
        sys.exit("PCA components disagree with scikit-learn")


if __name__ == "__main__":
    main()
