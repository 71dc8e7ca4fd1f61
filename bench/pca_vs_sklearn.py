#!/usr/bin/env python3
"""PCA of 70,000×784 (Fashion-MNIST-sized) and 10,000×16: `latent pca` against scikit-learn and numpy.

The matrix is the 70,000 Fashion-MNIST training images scaled to [0, 1] when Debian's dataset-fashion-mnist is
installed (uniform noise of the same size otherwise), and a 10,000×16 Gaussian matrix. Peers: scikit-learn's
PCA with svd_solver="covariance_eigh" (the same algorithm: covariance, then a symmetric eigensolver) and
"full" (LAPACK SVD; small matrix only), and numpy's eigh of the centred covariance. Times are fits only (data already in memory);
latent's time comes from `latent bench --json` (projection.pca_*), which fits the same sizes in-process on
synthetic data. All with the same thread count, in interleaved rounds (medians reported). The top two components are compared on the real data
(|cos| between latent's `pca` output scores and scikit-learn's).

Usage: bench/pca_vs_sklearn.py [--threads 2] [--rounds 3]
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


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=int(THREADS))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from sklearn.decomposition import PCA
    from threadpoolctl import threadpool_limits

    binary = os.environ.get("LATENT_BIN", str(ROOT / ".build/release/latent"))
    x = images()
    small = np.random.default_rng(1).standard_normal((10_000, 16)).astype(np.float32)
    cases = (("70,000×784", x, "projection.pca_70k_784"), ("10,000×16", small, "projection.pca_10k_16"))
    peers = {
        "scikit-learn covariance_eigh": lambda data: PCA(2, svd_solver="covariance_eigh").fit(data),
        "scikit-learn full SVD": lambda data: PCA(2, svd_solver="full").fit(data),
        "numpy eigh of the covariance": lambda data: np.linalg.eigh(np.cov(data, rowvar=False)),
    }
    def runs(peer: str, data: np.ndarray) -> bool:
        # the full SVD of 70,000×784 takes tens of seconds per fit; it is timed on the small matrix only
        return peer != "scikit-learn full SVD" or data.shape[1] <= 100

    # Rounds interleave latent and the peers, so that drifting load on shared cores hits all of them alike;
    # each method's time is its median over the rounds (latent's own figure per round is a median of repeats).
    times: dict[tuple[str, str], list[float]] = {}
    with threadpool_limits(args.threads):
        for _, data, _ in cases:
            for peer, fn in peers.items():
                if runs(peer, data):
                    fn(data)  # warm-up
        for _ in range(args.rounds):
            out = subprocess.run([binary, "bench", "--json", "--only", "projection.pca", "--threads", str(args.threads)],
                                 check=True, capture_output=True, text=True).stdout
            ours = {m["name"]: m["seconds"] for m in json.loads(out)}
            for name, data, key in cases:
                times.setdefault((name, "latent"), []).append(ours[key])
                for peer, fn in peers.items():
                    if runs(peer, data):
                        times.setdefault((name, peer), []).append(timed(lambda: fn(data)))

        with tempfile.TemporaryDirectory() as tmp:
            src, dst = Path(tmp) / "x.npy", Path(tmp) / "y.npy"
            np.save(src, x)
            subprocess.run([binary, "pca", str(src), "--out", str(dst), "--threads", str(args.threads)],
                           check=True, capture_output=True)
            y = np.load(dst)
        reference = PCA(2, svd_solver="covariance_eigh").fit_transform(x)
    cosines = [abs(np.dot(y[:, i], reference[:, i])) / (np.linalg.norm(y[:, i]) * np.linalg.norm(reference[:, i]))
               for i in range(2)]

    print(f"PCA fit, 2 components, {args.threads} threads, median of {args.rounds} interleaved rounds")
    print("| data | method | time (s) | time / latent |")
    print("|---|---|---:|---:|")
    for name, _, _ in cases:
        mine = float(np.median(times[(name, "latent")]))
        for method in ["latent", *peers]:
            if (name, method) not in times:
                continue
            t = float(np.median(times[(name, method)]))
            print(f"| {name} | {method} | {t:.4f} | {t / mine:.2f}× |")
    print(f"\nscores of the first two components vs scikit-learn on the 70,000×784 data: |cos| = "
          f"{cosines[0]:.6f}, {cosines[1]:.6f}")
    if min(cosines) < 0.9999:
        sys.exit("PCA components disagree with scikit-learn")


if __name__ == "__main__":
    main()
