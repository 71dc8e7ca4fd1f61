#!/usr/bin/env python3
"""UMAP of all 70,000 Fashion-MNIST images: `latent umap` against umap-learn; then 1,000,000×16 points alone.

Fashion-MNIST: the training and test images of Debian's dataset-fashion-mnist, scaled to [0, 1], reduced to 50
dimensions by PCA (as bench/tsne_vs_peers.py does). Both programs run with their defaults (15 neighbours,
min_dist 0.1, 200 epochs, spectral initialisation) on the same thread count. umap-learn runs with n_jobs=THREADS
and no random_state (a seed would make it single-threaded), NUMBA_NUM_THREADS=THREADS, twice in one process: the
first run includes numba's compilation, the second (warm) one is the time compared. latent runs before and after
it and reports the mean, as the cores may be shared with other work.

Quality, for every embedding: 10-NN preservation (the mean fraction of each sampled point's 10 nearest
neighbours in the input that are also among its 10 nearest in 2-D, over all points) and the 5-fold
cross-validated accuracy of a 5-NN classifier on the 2-D coordinates, both on one seeded 5,000-point sample.

The million-point run embeds a 10-class Gaussian mixture (1,000,000×16: centres drawn with standard deviation 4,
unit noise) with `latent umap --threads THREADS` under /usr/bin/time -v and reports wall time, peak resident
memory and the 5-NN accuracy on a seeded 5,000-point sample.

Usage: bench/umap_vs_umap_learn.py [--n 70000] [--threads 2] [--skip million|peer]
Environment: LATENT_BIN (default .build/release/latent).
"""
import argparse
import gzip
import os
import re
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

ROOT = Path(__file__).resolve().parent.parent
DATA = Path("/usr/share/datasets/fashion-mnist")
SAMPLE, SEED = 5000, 0


def read_idx(name: str) -> np.ndarray:
    path = DATA / name
    if not path.exists():
        sys.exit(f"{path} is missing: apt-get install dataset-fashion-mnist")
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[:4], "big")
    if magic == 2051:  # images
        count = int.from_bytes(data[4:8], "big")
        return np.frombuffer(data[16:], dtype=np.uint8).reshape(count, -1)
    assert magic == 2049, f"{path} is not an IDX file"
    return np.frombuffer(data[8:], dtype=np.uint8)


def fashion(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The first n of the 70,000 images (training, then test) in [0, 1], and their labels."""
    x = np.vstack([read_idx("train-images-idx3-ubyte.gz"), read_idx("t10k-images-idx3-ubyte.gz")])[:n]
    y = np.concatenate([read_idx("train-labels-idx1-ubyte.gz"), read_idx("t10k-labels-idx1-ubyte.gz")])[:n]
    return x.astype(np.float32) / 255.0, y.astype(np.int64)


def mixture(n: int, d: int = 16, classes: int = 10) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    centres = 4 * rng.standard_normal((classes, d))
    labels = np.arange(n) % classes
    return (centres[labels] + rng.standard_normal((n, d))).astype(np.float32), labels


def sample(n: int) -> np.ndarray:
    return np.random.default_rng(SEED).choice(n, size=min(SAMPLE, n), replace=False)


def neighbours_of_sample(points: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """The k nearest other points (among all) of each sampled row."""
    from sklearn.neighbors import NearestNeighbors
    idx = NearestNeighbors(n_neighbors=k + 1).fit(points).kneighbors(points[rows], return_distance=False)
    return np.array([[j for j in row if j != i][:k] for i, row in zip(rows, idx)])


def preservation(high: np.ndarray, y: np.ndarray, rows: np.ndarray, k: int = 10) -> float:
    low = neighbours_of_sample(y.astype(np.float64), rows, k)
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(high, low)]))


def accuracy(y: np.ndarray, labels: np.ndarray, rows: np.ndarray) -> float:
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    return float(cross_val_score(KNeighborsClassifier(n_neighbors=5), y[rows], labels[rows], cv=folds).mean())


def latent_binary() -> str:
    return os.environ.get("LATENT_BIN", str(ROOT / ".build/release/latent"))


def run_latent(x: np.ndarray, threads: int, tmp: Path, timed: bool = False) -> tuple[np.ndarray, float, str]:
    src, dst = tmp / "x.npy", tmp / "y.npy"
    np.save(src, x)
    cmd = [latent_binary(), "umap", str(src), "--out", str(dst), "--threads", str(threads), "--seed", str(SEED)]
    if timed:
        cmd = ["/usr/bin/time", "-v"] + cmd
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, stderr=subprocess.PIPE, text=True)
    return np.load(dst), time.perf_counter() - start, done.stderr


def run_umap_learn(x: np.ndarray, threads: int) -> tuple[np.ndarray, float, float]:
    """umap-learn twice: (embedding of the warm run, cold seconds, warm seconds)."""
    import umap
    times = []
    for _ in range(2):
        start = time.perf_counter()
        y = umap.UMAP(n_jobs=threads).fit_transform(x)
        times.append(time.perf_counter() - start)
    return np.asarray(y), times[0], times[1]


def fashion_comparison(n: int, threads: int, skip: set[str]) -> None:
    images, labels = fashion(n)
    x = pca50(images)
    print(f"Fashion-MNIST {len(x)}×{x.shape[1]} (PCA of [0,1] pixels), {threads} threads", flush=True)
    runs: dict[str, tuple[np.ndarray, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        first, first_s, _ = run_latent(x, threads, Path(tmp))
    print(f"  latent umap done in {first_s:.1f} s", flush=True)
    if "peer" not in skip:
        y, cold, warm = run_umap_learn(x, threads)
        runs["umap-learn (warm)"] = (y, warm)
        print(f"  umap-learn done in {cold:.1f} s (first run), {warm:.1f} s (second)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        again, again_s, note = run_latent(x, threads, Path(tmp))
    if not np.array_equal(first, again):
        print("  warning: the second latent run differs from the first", flush=True)
    runs = {"latent umap": (first, (first_s + again_s) / 2), **runs}
    print(f"  latent umap again in {again_s:.1f} s (mean {runs['latent umap'][1]:.1f} s); {note.strip()}", flush=True)

    rows = sample(len(x))
    high = neighbours_of_sample(x.astype(np.float64), rows, 10)
    ours = runs["latent umap"][1]
    print("\n| method | time (s) | time / latent | 10-NN preservation | 5-NN accuracy |")
    print("|---|---:|---:|---:|---:|")
    scores = {}
    for name, (y, seconds) in runs.items():
        scores[name] = (seconds, preservation(high, y, rows), accuracy(y, labels, rows))
        s, p, a = scores[name]
        print(f"| {name} | {s:.2f} | {s / ours:.2f}× | {p:.4f} | {a:.4f} |", flush=True)
    if "umap-learn (warm)" in scores:
        t, p, a = scores["latent umap"]
        pt, pp, pa = scores["umap-learn (warm)"]
        print(f"\nlatent / umap-learn (warm): time {t / pt:.2f}× (target ≤ 0.5), 10-NN preservation {p - pp:+.4f} "
              f"(target ≥ −0.01), 5-NN accuracy {a - pa:+.4f} (target ≥ −0.01)")


def million(threads: int) -> None:
    n = 1_000_000
    x, labels = mixture(n)
    print(f"\nGaussian mixture {n:,}×{x.shape[1]}, 10 classes, {threads} threads", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        y, seconds, log = run_latent(x, threads, Path(tmp), timed=True)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", log).group(1)
    note = next((line for line in log.splitlines() if line.startswith("UMAP:")), "")
    acc = accuracy(y, labels, sample(n))
    print(f"| points | wall time | peak RSS | 5-NN accuracy |\n|---|---:|---:|---:|\n"
          f"| 1,000,000×16 | {wall} ({seconds:.0f} s) | {rss / 1024:.0f} MB | {acc:.4f} |", flush=True)
    print(f"{note}\ntargets: time < 600 s, peak RSS ≤ 2048 MB, 5-NN accuracy ≥ 0.95")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=70_000)
    ap.add_argument("--threads", type=int, default=THREADS_DEFAULT)
    ap.add_argument("--skip", default="", help="comma-separated: fashion, peer, million")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if "fashion" not in skip:
        fashion_comparison(args.n, args.threads, skip)
    if "million" not in skip:
        million(args.threads)


if __name__ == "__main__":
    main()
