#!/usr/bin/env python3
"""Generate the fixtures of Tests/ProjectionTests under Tests/Fixtures/projection/.

pca_input.npy     float32 400×24: correlated Gaussian data with a spread of variances and a large offset.
pca_eigvals.npy   float64 (24,): eigenvalues of its sample covariance (numpy.linalg.eigh), descending.
pca_eigvecs.npy   float64 24×24: the matching unit eigenvectors as rows.

Usage: tools/make_projection_fixtures.py   (numpy only; output is deterministic)
"""
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "projection"


def main() -> None:
    rng = np.random.default_rng(20240605)
    n, d = 400, 24
    # A random rotation and well-separated standard deviations, so every axis is identifiable.
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    stds = np.geomspace(10.0, 0.1, d)
    x = (rng.standard_normal((n, d)) * stds) @ q.T + 50.0
    x = x.astype(np.float32)
    cov = np.cov(x.astype(np.float64), rowvar=False)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1]
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "pca_input.npy", x)
    np.save(OUT / "pca_eigvals.npy", vals[order])
    np.save(OUT / "pca_eigvecs.npy", np.ascontiguousarray(vecs[:, order].T))
    print(f"wrote {OUT}/pca_*.npy")


if __name__ == "__main__":
    main()
