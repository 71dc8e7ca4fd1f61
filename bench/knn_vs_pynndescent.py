#!/usr/bin/env python3
"""Approximate nearest neighbours: `latent knn --knn approx` (NN-descent) against pynndescent on all 70,000
Fashion-MNIST images (PCA to 50 dimensions, as bench/tsne_vs_peers.py does), at k = 15 and k = 90.

Recall is the mean fraction of each point's exact k nearest neighbours (scikit-learn's brute force, all 70,000
queries, the point itself left out) that the search returned. pynndescent 0.7.0 builds its graph with
n_neighbors = k + 1 (its lists include the point itself), n_jobs = THREADS and NUMBA_NUM_THREADS = THREADS, twice
in one process: the first run includes numba's compilation, the second (warm) one is the time compared. Both
searches run with their default accuracy settings, which give about the same recall (the table shows it).

Usage: bench/knn_vs_pynndescent.py [--threads 2] [--k 15,90]
Environment: LATENT_BIN (default .build/release/latent).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THREADS_DEFAULT = 2
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(var, str(THREADS_DEFAULT))

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tsne_vs_peers import pca50  # noqa: E402
from umap_vs_umap_learn import fashion, latent_binary  # noqa: E402


def exact(x: np.ndarray, k: int) -> np.ndarray:
    from sklearn.neighbors import NearestNeighbors
    idx = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(x).kneighbors(x, return_distance=False)
    return np.array([[j for j in row if j != i][:k] for i, row in enumerate(idx)])


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    k = truth.shape[1]
    return float(np.mean([len(set(a[:k]) & set(b)) / k for a, b in zip(found, truth)]))


def run_latent(x: np.ndarray, k: int, threads: int, tmp: Path) -> tuple[np.ndarray, float]:
    src, dst = tmp / "x.npy", tmp / "idx.npy"
    np.save(src, x)
    start = time.perf_counter()
    subprocess.run([latent_binary(), "knn", str(src), "--out", str(dst), "--k", str(k), "--knn", "approx",
                    "--threads", str(threads)], check=True, stderr=subprocess.DEVNULL)
    return np.load(dst), time.perf_counter() - start


def run_pynndescent(x: np.ndarray, k: int, threads: int) -> tuple[np.ndarray, float, float]:
    from pynndescent import NNDescent
    times = []
    for _ in range(2):
        start = time.perf_counter()
        idx, _ = NNDescent(x, n_neighbors=k + 1, n_jobs=threads).neighbor_graph
        times.append(time.perf_counter() - start)
    found = np.array([[j for j in row if j != i][:k] for i, row in enumerate(idx)])
    return found, times[0], times[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=THREADS_DEFAULT)
    ap.add_argument("--k", default="15,90")
    args = ap.parse_args()
    images, _ = fashion(70_000)
    x = pca50(images)
    print(f"Fashion-MNIST {len(x)}×{x.shape[1]}, {args.threads} threads", flush=True)
    print("\n| k | method | time (s) | time / latent | recall |\n|---|---|---:|---:|---:|")
    for k in [int(v) for v in args.k.split(",")]:
        truth = exact(x.astype(np.float64), k)
        with tempfile.TemporaryDirectory() as tmp:
            ours, ours_s = run_latent(x, k, args.threads, Path(tmp))
        theirs, cold, warm = run_pynndescent(x, k, args.threads)
        r_ours, r_theirs = recall(ours, truth), recall(theirs, truth)
        print(f"| {k} | latent knn --knn approx | {ours_s:.2f} | 1.00× | {r_ours:.4f} |", flush=True)
        print(f"| {k} | pynndescent (warm; first run {cold:.1f} s) | {warm:.2f} | {warm / ours_s:.2f}× | "
              f"{r_theirs:.4f} |", flush=True)


if __name__ == "__main__":
    main()
