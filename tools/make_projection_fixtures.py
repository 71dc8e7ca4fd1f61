#!/usr/bin/env python3
"""Generate the fixtures of Tests/ProjectionTests under Tests/Fixtures/projection/.

pca_input.npy     float32 400×24: correlated Gaussian data with a spread of variances and a large offset.
pca_eigvals.npy   float64 (24,): eigenvalues of its sample covariance (numpy.linalg.eigh), descending.
pca_eigvecs.npy   float64 24×24: the matching unit eigenvectors as rows.
trust_input.npy, trust_embedding.npy, trust_expected.npy: 60×6 data, a noisy 2-D view of it, and
                  scikit-learn's trustworthiness of that view for k = 1, 5, 10 (float64).

Usage: .venv/bin/python tools/make_projection_fixtures.py   (numpy, scikit-learn; output is deterministic)
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
    from sklearn.manifold import trustworthiness
    x = rng.standard_normal((60, 6)).astype(np.float32)
    y = (x[:, :2] + 0.5 * rng.standard_normal((60, 2))).astype(np.float32)
    np.save(OUT / "trust_input.npy", x)
    np.save(OUT / "trust_embedding.npy", y)
    np.save(OUT / "trust_expected.npy", np.array([trustworthiness(x, y, n_neighbors=k) for k in (1, 5, 10)]))
    print(f"wrote {OUT}/pca_*.npy and trust_*.npy")


if __name__ == "__main__":
    main()
