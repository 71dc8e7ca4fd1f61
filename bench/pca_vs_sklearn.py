#!/usr/bin/env python3
"""PCA of 70,000×784 (Fashion-MNIST-sized) and 10,000×16: `latent pca` against scikit-learn and numpy.

The matrix is all 70,000 Fashion-MNIST images (training and test) scaled to [0, 1] when Debian's
dataset-fashion-mnist is installed (uniform noise of the same size otherwise), and a 10,000×16 Gaussian matrix. Peers: scikit-learn's
PCA with svd_solver="covariance_eigh" (the same algorithm: covariance, then a symmetric eigensolver) and
"full" (LAPACK SVD; small matrix only), and numpy's eigh of the centred covariance. Times are fits only (data already in memory);
latent's time comes from `latent bench --json` (projection.pca_*), which fits the same sizes in-process on
synthetic data. All with the same thread count, in interleaved rounds (medians reported). The top two components are compared on the real data
(|cos| between latent's `pca` output scores and scikit-learn's).

The whole job is timed too, for both OpenBLAS settings (as the environment sets them, and with OPENBLAS_CORETYPE
and OPENBLAS_L2_SIZE unset so that OpenBLAS detects the CPU): `latent pca X.npy --out Y.npy` (the process's wall
time: read the float32 .npy, fit, project, write) against numpy's `np.load`, scikit-learn's `covariance_eigh`
`fit_transform` and `np.save` in one Python process that has already imported them (its import time not counted),
on the same file in the page cache, 2 components, in interleaved rounds.

Usage: bench/pca_vs_sklearn.py [--threads 2] [--rounds 3] [--job-rounds 7]
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
IMAGES = [Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
          Path("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")]
OPENBLAS_SETTINGS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def images() -> np.ndarray:
    if not all(p.exists() for p in IMAGES):
        return np.random.default_rng(0).random((70_000, 784), dtype=np.float32)
    parts = []
    for path in IMAGES:
        with gzip.open(path, "rb") as f:
            parts.append(np.frombuffer(f.read()[16:], dtype=np.uint8).reshape(-1, 784))
    return np.concatenate(parts).astype(np.float32) / 255.0


def peer_job(src: str, dst: str, rounds: int) -> None:
    """Runs in a child process (so that OpenBLAS reads the settings under test): times the whole scikit-learn job."""
    from sklearn.decomposition import PCA
    from threadpoolctl import threadpool_info
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        data = np.load(src)
        np.save(dst, PCA(2, svd_solver="covariance_eigh").fit_transform(data))
        times.append(time.perf_counter() - start)
        del data
    blas = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}" for i in threadpool_info()
            if i.get("user_api") == "blas"]
    print(json.dumps({"times": times, "blas": blas}))


def whole_job(binary: str, x: np.ndarray, threads: int, rounds: int) -> list[tuple[str, float, float, str]]:
    """The whole job both ways under each OpenBLAS setting: (setting, latent s, peer s, peer's BLAS)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "x.npy"
        np.save(src, x)
        unset = {k: v for k, v in os.environ.items() if k not in OPENBLAS_SETTINGS}
        # these machines pin OpenBLAS to its Haswell kernels (OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=512);
        # users' machines let it detect the CPU
        pinned = {**unset, "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "Haswell"),
                  "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE", "512")}
        settings = [("auto-detected (both unset)", unset),
                    (f"OPENBLAS_CORETYPE={pinned['OPENBLAS_CORETYPE']}, OPENBLAS_L2_SIZE={pinned['OPENBLAS_L2_SIZE']}",
                     pinned)]
        for label, env in settings:
            ours, theirs, blas = [], [], ""
            command = [binary, "pca", str(src), "--out", str(Path(tmp) / "y.npy"), "--threads", str(threads)]
            subprocess.run(command, check=True, capture_output=True, env=env)  # warm-up
            for _ in range(rounds):
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, env=env)
                ours.append(time.perf_counter() - start)
                out = subprocess.run([sys.executable, __file__, "--peer-job", str(src), str(Path(tmp) / "p.npy")],
                                     check=True, capture_output=True, text=True, env=env).stdout
                report = json.loads(out)
                theirs.append(min(report["times"]))
                blas = "; ".join(report["blas"])
            rows.append((label, float(np.median(ours)), float(np.median(theirs)), blas))
    return rows


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=int(THREADS))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--job-rounds", type=int, default=7, help="rounds of the whole-job comparison")
    ap.add_argument("--peer-job", nargs=2, metavar=("SRC", "DST"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.peer_job:
        peer_job(*args.peer_job, rounds=2)
        return
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

    rows = whole_job(binary, x, args.threads, args.job_rounds)
    print(f"\nWhole job (read the .npy, fit, project, write), 70,000×784, 2 components, {args.threads} threads, "
          f"median of {args.job_rounds} interleaved rounds")
    print("| OpenBLAS | latent pca (s) | numpy load + scikit-learn fit_transform + save (s) | latent / scikit-learn |")
    print("|---|---:|---:|---:|")
    for label, ours, theirs, blas in rows:
        print(f"| {label} ({blas}) | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f}× |")


if __name__ == "__main__":
    main()
