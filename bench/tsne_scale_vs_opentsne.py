#!/usr/bin/env python3
"""t-SNE at scale: `latent tsne` on all 70,000 Fashion-MNIST images against openTSNE's FFT t-SNE; then
1,000,000×16 points alone.

Fashion-MNIST: the training and test images of Debian's dataset-fashion-mnist, scaled to [0, 1], reduced to 50
dimensions by PCA (as bench/tsne_vs_peers.py does). Both programs run perplexity 30, 750 iterations (250 with
early exaggeration 12), PCA initialisation, momentum 0.5 then 0.8, learning rate N / exaggeration, seed 0, the
same thread count; `latent tsne` picks its own neighbour search and gradient (`auto`: NN-descent and FFT
interpolation at this size), openTSNE runs `negative_gradient_method="fft"` with its default neighbour search,
NUMBA_NUM_THREADS=THREADS. openTSNE runs in its own process, once with the machine's OpenBLAS settings and once
with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (numpy's BLAS serves its PCA initialisation). latent runs
before and after the peers and reports the mean, as the cores may be shared with other work.

Quality, for every embedding (as bench/umap_vs_umap_learn.py measures it): 10-NN preservation over one seeded
5,000-point sample (neighbours among all points) and the 5-fold cross-validated accuracy of a 5-NN classifier on
the sample's 2-D coordinates.

The million-point run embeds bench/umap_vs_umap_learn.py's 10-class Gaussian mixture (1,000,000×16) with
`latent tsne --threads THREADS` under /usr/bin/time -v and reports wall time, peak resident memory and the 5-NN
accuracy on a seeded 5,000-point sample.

Usage: bench/tsne_scale_vs_opentsne.py [--n 70000] [--threads 2] [--skip fashion,peer,blas,million]
Environment: LATENT_BIN (default .build/release/latent).
"""
import argparse
import json
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
from umap_vs_umap_learn import accuracy, fashion, latent_binary, mixture, neighbours_of_sample, preservation, sample  # noqa: E402

PERPLEXITY, ITERATIONS, EARLY_ITERATIONS, EXAGGERATION, SEED = 30, 750, 250, 12.0, 0

# openTSNE in a process of its own, so that its OpenBLAS environment can differ from ours
OPENTSNE = """
import sys, time, numpy as np
from openTSNE import TSNE
x = np.load(sys.argv[1]); threads = int(sys.argv[3])
tsne = TSNE(perplexity=%g, n_iter=%d, early_exaggeration_iter=%d, early_exaggeration=%g, initial_momentum=0.5,
            final_momentum=0.8, initialization="pca", negative_gradient_method="fft", n_jobs=threads, random_state=%d)
start = time.perf_counter()
y = np.asarray(tsne.fit(x))
print(time.perf_counter() - start)
np.save(sys.argv[2], y)
""" % (PERPLEXITY, ITERATIONS - EARLY_ITERATIONS, EARLY_ITERATIONS, EXAGGERATION, SEED)


def run_latent(x: np.ndarray, threads: int, tmp: Path, timed: bool = False) -> tuple[np.ndarray, float, str]:
    src, dst = tmp / "x.npy", tmp / "y.npy"
    np.save(src, x)
    cmd = [latent_binary(), "tsne", str(src), "--out", str(dst), "--perplexity", str(PERPLEXITY),
           "--iterations", str(ITERATIONS), "--exaggeration", str(EXAGGERATION),
           "--early-iterations", str(EARLY_ITERATIONS), "--seed", str(SEED), "--threads", str(threads)]
    if timed:
        cmd = ["/usr/bin/time", "-v"] + cmd
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, stderr=subprocess.PIPE, text=True)
    return np.load(dst), time.perf_counter() - start, done.stderr


def run_opentsne(x: np.ndarray, threads: int, tmp: Path, machine_blas: bool) -> tuple[np.ndarray, float]:
    src, dst = tmp / "x.npy", tmp / "peer.npy"
    np.save(src, x)
    env = dict(os.environ)
    if not machine_blas:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    done = subprocess.run([sys.executable, "-c", OPENTSNE, str(src), str(dst), str(threads)], check=True,
                          stdout=subprocess.PIPE, text=True, env=env)
    return np.load(dst), float(done.stdout.strip().splitlines()[-1])


def fashion_comparison(n: int, threads: int, skip: set[str]) -> None:
    images, labels = fashion(n)
    x = pca50(images)
    blas = os.environ.get("OPENBLAS_CORETYPE", "unset"), os.environ.get("OPENBLAS_L2_SIZE", "unset")
    print(f"Fashion-MNIST {len(x)}×{x.shape[1]} (PCA of [0,1] pixels), perplexity {PERPLEXITY}, {ITERATIONS} "
          f"iterations, {threads} threads; machine OpenBLAS settings: CORETYPE={blas[0]}, L2_SIZE={blas[1]}",
          flush=True)
    runs: dict[str, tuple[np.ndarray, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        first, first_s, _ = run_latent(x, threads, Path(tmp))
        print(f"  latent tsne done in {first_s:.1f} s", flush=True)
        if "peer" not in skip:
            runs["openTSNE FFT"] = run_opentsne(x, threads, Path(tmp), machine_blas=True)
            print(f"  openTSNE FFT done in {runs['openTSNE FFT'][1]:.1f} s", flush=True)
            if "blas" not in skip:
                runs["openTSNE FFT (OpenBLAS unset)"] = run_opentsne(x, threads, Path(tmp), machine_blas=False)
                print(f"  openTSNE FFT (OpenBLAS settings unset) done in "
                      f"{runs['openTSNE FFT (OpenBLAS unset)'][1]:.1f} s", flush=True)
        again, again_s, note = run_latent(x, threads, Path(tmp))
    if not np.array_equal(first, again):
        print("  warning: the second latent run differs from the first", flush=True)
    runs = {"latent tsne": (first, (first_s + again_s) / 2), **runs}
    print(f"  latent tsne again in {again_s:.1f} s (mean {runs['latent tsne'][1]:.1f} s); {note.strip()}", flush=True)

    rows = sample(len(x))
    high = neighbours_of_sample(x.astype(np.float64), rows, 10)
    ours = runs["latent tsne"][1]
    print("\n| method | time (s) | time / latent | 10-NN preservation | 5-NN accuracy |")
    print("|---|---:|---:|---:|---:|")
    scores = {}
    for name, (y, seconds) in runs.items():
        scores[name] = (seconds, preservation(high, y, rows), accuracy(y, labels, rows))
        s, p, a = scores[name]
        print(f"| {name} | {s:.2f} | {s / ours:.2f}× | {p:.4f} | {a:.4f} |", flush=True)
    if "openTSNE FFT" in scores:
        t, p, a = scores["latent tsne"]
        pt, pp, pa = scores["openTSNE FFT"]
        print(f"\nlatent / openTSNE FFT: time {t / pt:.2f}× (target ≤ 0.4), 10-NN preservation {p - pp:+.4f} "
              f"(target ≥ −0.01), 5-NN accuracy {a - pa:+.4f} (target ≥ −0.01)")


def million(threads: int) -> None:
    n = 1_000_000
    x, labels = mixture(n)
    print(f"\nGaussian mixture {n:,}×{x.shape[1]}, 10 classes, perplexity {PERPLEXITY}, {threads} threads",
          flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        y, seconds, log = run_latent(x, threads, Path(tmp), timed=True)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", log).group(1)
    user = float(re.search(r"User time \(seconds\): (\S+)", log).group(1))
    acc = accuracy(y, labels, sample(n))
    print(f"| points | wall time | user CPU | peak RSS | 5-NN accuracy |\n|---|---:|---:|---:|---:|\n"
          f"| 1,000,000×16 | {wall} ({seconds:.0f} s) | {user:.0f} s | {rss / 1024:.0f} MB | {acc:.4f} |",
          flush=True)
    print("targets: time < 900 s, peak RSS ≤ 3072 MB, 5-NN accuracy ≥ 0.95")
    print(json.dumps({"seconds": seconds, "rss_mb": rss / 1024, "accuracy": acc}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=70_000)
    ap.add_argument("--threads", type=int, default=THREADS_DEFAULT)
    ap.add_argument("--skip", default="", help="comma-separated: fashion, peer, blas, million")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if "fashion" not in skip:
        fashion_comparison(args.n, args.threads, skip)
    if "million" not in skip:
        million(args.threads)


if __name__ == "__main__":
    main()
